package io.hwoffload.flows.syntax;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises the text people pass by mistake for a datapath flow dump, so that the refusal can say what it is and
 * what to run instead. The OpenFlow signs are the fields ovs-ofctl prints for every flow ({@code cookie=},
 * {@code n_packets=}, {@code table=}, {@code priority=}: ofp-flow.c), which a datapath flow never has.
 */
public final class ForeignInput {

    private record Sign(Pattern pattern, String description) {
    }

    private static final List<Sign> SIGNS = List.of(
            new Sign(Pattern.compile("^\\s*(NXST_FLOW|OFPST_FLOW|OFPST_AGGREGATE) reply|\\bcookie=0x[0-9a-f]+|\\bn_packets=\\d+"
                    + "|^\\s*(table=\\d+, )?priority=\\d+"),
                    "OpenFlow flows (ovs-ofctl dump-flows), not datapath flows; take the dump with"
                            + " 'ovs-appctl dpctl/dump-flows -m'"),
            new Sign(Pattern.compile("^ovs-appctl: "),
                    "an error from ovs-appctl, not a dump; check that ovs-vswitchd is running and the -t target"),
            // OVS's log format: time|sequence|module|level|message (lib/vlog.c's default pattern)
            new Sign(Pattern.compile("^\\S+\\|\\d+\\|[\\w-]+\\|(EMER|ERR|WARN|INFO|DBG)\\|"),
                    "log messages of an OVS program, not a dump; the command's standard output is the dump"),
            new Sign(Pattern.compile("^ovs-(ofctl|dpctl|vsctl): "),
                    "an error from an OVS tool, not a dump"),
            new Sign(Pattern.compile("^\\s*(Bridge|Port|Interface) \"?[\\w.:-]+\"?\\s*$|^\\s*ovs_version: "),
                    "ovs-vsctl show output, not a dump; take the dump with 'ovs-appctl dpctl/dump-flows -m'"),
            new Sign(Pattern.compile("^\\s*(system|netdev)@[\\w-]+:\\s*$|^\\s*lookups: hit:"),
                    "datapath ports and statistics (dpctl/show), not flows; take the dump with"
                            + " 'ovs-appctl dpctl/dump-flows -m'"));

    private ForeignInput() {
    }

    /** What {@code line} is, when it is one of the known mix-ups. */
    public static Optional<String> recognize(String line) {
        return SIGNS.stream().filter(sign -> sign.pattern().matcher(line).find()).map(Sign::description).findFirst();
    }
}
