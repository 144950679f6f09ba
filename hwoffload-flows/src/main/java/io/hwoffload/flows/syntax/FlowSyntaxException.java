package io.hwoffload.flows.syntax;

/** A syntax error at a 0-based character offset of the text being parsed. */
public final class FlowSyntaxException extends Exception {
    private final int offset;

    public FlowSyntaxException(int offset, String message) {
        super(message, null, false, false);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
