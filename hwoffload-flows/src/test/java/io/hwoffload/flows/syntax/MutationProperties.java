package io.hwoffload.flows.syntax;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real lines, damaged at random, never make the parser throw: each becomes a flow whose keys all
 * parse, or an error with a column on the line and a message. A dump from a broken vendor build or
 * a truncated copy-paste must still be analysed line by line.
 */
class MutationProperties {
    private static final String DAMAGE = "(){}=,:/ +-x0a\"";

    private final DatapathFlowParser parser = new DatapathFlowParser();

    /** One edit; positions are taken modulo the length of the text at the time. */
    record Mutation(int kind, int at, int length, int to, char c) {
        String apply(String text) {
            int n = text.length();
            int i = n == 0 ? 0 : at % (n + 1);
            return switch (kind) {
                case 0 -> n == 0 ? text : text.substring(0, at % n) + text.substring(at % n + 1); // delete
                case 1 -> text.substring(0, i) + c + text.substring(i); // insert
                case 2 -> n == 0 ? text : text.substring(0, at % n) + c + text.substring(at % n + 1); // replace
                case 3 -> text.substring(0, i); // truncate
                default -> { // duplicate a segment elsewhere
                    int end = Math.min(n, i + length);
                    int where = n == 0 ? 0 : to % (n + 1);
                    yield text.substring(0, where) + text.substring(i, end) + text.substring(where);
                }
            };
        }

        @Override
        public String toString() {
            return List.of("delete", "insert", "replace", "truncate", "duplicate").get(kind)
                    + "(at=" + at + ",len=" + length + ",to=" + to + ",c='" + c + "')";
        }
    }

    @Property(tries = 3000)
    void damagedLinesNeverThrow(@ForAll("lines") String line, @ForAll("mutations") List<Mutation> mutations) {
        String text = line;
        for (Mutation mutation : mutations) {
            text = mutation.apply(text);
        }
        checkParse(text);
    }

    /** Every prefix of every real line: the commonest damage is a cut-off line. */
    @Property(tries = 300)
    void everyPrefixParsesOrFails(@ForAll("lines") String line) {
        for (int end = 0; end <= line.length(); end++) {
            checkParse(line.substring(0, end));
        }
    }

    private void checkParse(String text) {
        DumpLine parsed = parser.parse(7, text);
        assertThat(parsed.line()).isEqualTo(7);
        if (text.isBlank()) {
            assertThat(parsed).isInstanceOf(DumpLine.Blank.class);
        } else if (text.stripLeading().startsWith("flow-dump from ")) {
            assertThat(parsed).isInstanceOf(DumpLine.ThreadHeader.class);
        } else if (parsed instanceof DumpLine.Error error) {
            assertThat(error.error().column()).as(text).isBetween(1, text.length() + 1);
            assertThat(error.error().message()).as(text).isNotBlank().doesNotStartWith("internal parser error");
        } else {
            assertThat(parsed).as(text).isInstanceOf(DumpLine.Flow.class);
            DatapathFlow flow = ((DumpLine.Flow) parsed).flow();
            for (FlowKey key : flow.keys()) {
                // Keys are parsed lazily: what the line parser accepted must parse now.
                assertThat(key.terms()).isNotNull();
                key.isWildcarded();
                key.field("src");
                assertThat(FlowTerm.formatList(key.terms()).replace(" ", ""))
                        .isEqualTo(key.args().replace(" ", ""));
            }
            flow.actionsText();
            FlowActions.outputPorts(flow.actionsText());
            FlowActions.recircTargets(flow.actionsText());
            FlowActions.recircId(flow);
            flow.vendorFields().keySet().forEach(flow::vendorCounter);
            // What was accepted, printed again, reads back the same.
            String again = OvsFlowFormatter.format(flow);
            DumpLine reparsed = parser.parse(7, again);
            // Actions are kept as printed; compare them by their terms (spacing may differ).
            assertThat(reparsed).isInstanceOf(DumpLine.Flow.class);
            DatapathFlow back = ((DumpLine.Flow) reparsed).flow();
            assertThat(back.actions()).as(text + "\nprinted as\n" + again).isEqualTo(flow.actions());
            assertThat(withActions(back, "")).as(text + "\nprinted as\n" + again).isEqualTo(withActions(flow, ""));
        }
    }

    @Provide
    Arbitrary<String> lines() {
        List<String> lines = new ArrayList<>(DatapathFlowParserTest.allSeedLines());
        lines.addAll(DatapathFlowParserTest.EXAMPLE_LINES);
        return Arbitraries.of(lines);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(DAMAGE.toCharArray()))
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    private static DatapathFlow withActions(DatapathFlow f, String actions) {
        return new DatapathFlow(f.line(), f.ufid(), f.keys(), f.packets(), f.bytes(), f.used(), f.tcpFlags(),
                f.offloaded(), f.dp(), f.vendorFields(), actions, f.dpExtraInfo());
    }
}
