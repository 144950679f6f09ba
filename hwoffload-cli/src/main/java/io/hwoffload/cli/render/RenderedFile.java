package io.hwoffload.cli.render;

/** One file {@code render} writes: its name in the output directory, what it is, and its text. */
record RenderedFile(String name, String description, String content) {
}
