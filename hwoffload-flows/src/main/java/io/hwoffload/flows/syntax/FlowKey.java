package io.hwoffload.flows.syntax;

import java.util.List;

/**
 * One match key of a datapath flow, such as {@code ipv4(src=10.0.1.6,dst=10.0.1.10,frag=no)}.
 * The arguments are kept as text and parsed on demand: most analyses look at a handful of keys,
 * and a dump can hold millions of lines.
 */
public record FlowKey(String name, String args) {

    /** The parsed arguments. The text was bracket-checked when the line was read. */
    public List<FlowTerm> terms() {
        try {
            return TermParser.parseList(args, 0, args.length());
        } catch (FlowSyntaxException e) {
            throw new IllegalStateException("key " + name + "(" + args + ") does not parse: " + e.getMessage(), e);
        }
    }

    /** The value of the {@code field=value} argument, or null when the key has no such field. */
    public String field(String field) {
        for (FlowTerm term : terms()) {
            if (term instanceof FlowTerm.Assign assign && assign.name().equals(field)) {
                return assign.value().text();
            }
        }
        return null;
    }

    /**
     * True when the key constrains nothing: every value carries a mask of all zeros, as
     * {@code dpctl/dump-flows -m} prints for wildcarded fields ({@code dp_hash(0/0)}).
     */
    public boolean isWildcarded() {
        List<FlowTerm> terms = terms();
        return !terms.isEmpty() && terms.stream().allMatch(FlowKey::isWildcarded);
    }

    private static boolean isWildcarded(FlowTerm term) {
        if (term instanceof FlowTerm.Atom atom) {
            return MaskedValue.parse(atom.value()).isWildcard();
        }
        if (term instanceof FlowTerm.Assign assign) {
            return isWildcarded(assign.value());
        }
        if (term instanceof FlowTerm.Call call) {
            return !call.args().isEmpty() && call.args().stream().allMatch(FlowKey::isWildcarded);
        }
        return ((FlowTerm.Group) term).items().stream().allMatch(FlowKey::isWildcarded);
    }

    public String text() {
        return name + "(" + args + ")";
    }
}
