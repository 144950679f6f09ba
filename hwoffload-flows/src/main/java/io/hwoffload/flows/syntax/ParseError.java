package io.hwoffload.flows.syntax;

/** A line of the dump that could not be read; line and column are 1-based. */
public record ParseError(int line, int column, String message) {
}
