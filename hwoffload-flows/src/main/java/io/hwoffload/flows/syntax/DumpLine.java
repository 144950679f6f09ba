package io.hwoffload.flows.syntax;

/** What one line of a {@code dpctl/dump-flows} output turned out to be. */
public sealed interface DumpLine {

    int line();

    record Flow(DatapathFlow flow) implements DumpLine {
        @Override
        public int line() {
            return flow.line();
        }
    }

    /** {@code flow-dump from the main thread:} or {@code flow-dump from pmd on cpu core: N}. */
    record ThreadHeader(int line, String thread) implements DumpLine {
    }

    record Blank(int line) implements DumpLine {
    }

    record Error(ParseError error) implements DumpLine {
        @Override
        public int line() {
            return error.line();
        }
    }
}
