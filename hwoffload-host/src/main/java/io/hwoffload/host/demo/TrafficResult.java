package io.hwoffload.host.demo;

/** One exchange the demo sent between its pods, and what came of it ({@code detail}: replies, bytes, the error). */
public record TrafficResult(String protocol, String from, String to, boolean passed, String detail) {
}
