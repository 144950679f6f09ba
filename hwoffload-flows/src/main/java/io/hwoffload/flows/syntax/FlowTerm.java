package io.hwoffload.flows.syntax;

import java.util.List;

/**
 * One element of OVS's nested datapath-flow syntax, as printed by {@code lib/odp-util.c}: a bare
 * atom ({@code drop}, {@code 0x23/0x23}, {@code 15}), a call ({@code ct(zone=4,nat)}), an
 * assignment ({@code zone=4}) or a braced group ({@code {class=0x102,type=0x80,len=4,0xa0006}}).
 */
public sealed interface FlowTerm {

    /** Appends this term in OVS syntax. */
    void appendTo(StringBuilder out);

    default String text() {
        StringBuilder out = new StringBuilder();
        appendTo(out);
        return out.toString();
    }

    record Atom(String value) implements FlowTerm {
        @Override
        public void appendTo(StringBuilder out) {
            out.append(value);
        }
    }

    record Call(String name, List<FlowTerm> args) implements FlowTerm {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append(name).append('(');
            appendList(args, out);
            out.append(')');
        }
    }

    record Assign(String name, FlowTerm value) implements FlowTerm {
        @Override
        public void appendTo(StringBuilder out) {
            out.append(name).append('=');
            value.appendTo(out);
        }
    }

    record Group(List<FlowTerm> items) implements FlowTerm {
        public Group {
            items = List.copyOf(items);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append('{');
            appendList(items, out);
            out.append('}');
        }
    }

    /** Comma-separated, except between adjacent groups: OVS prints geneve options as {..}{..}. */
    static void appendList(List<FlowTerm> terms, StringBuilder out) {
        for (int i = 0; i < terms.size(); i++) {
            FlowTerm term = terms.get(i);
            if (i > 0 && !(term instanceof Group && terms.get(i - 1) instanceof Group)) {
                out.append(',');
            }
            term.appendTo(out);
        }
    }

    static String formatList(List<FlowTerm> terms) {
        StringBuilder out = new StringBuilder();
        appendList(terms, out);
        return out.toString();
    }
}
