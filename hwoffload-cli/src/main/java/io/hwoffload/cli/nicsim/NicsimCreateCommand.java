package io.hwoffload.cli.nicsim;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.TextTable;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.host.HostException;
import io.hwoffload.host.nicsim.NicsimSummary;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.SimulatedHost;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;

@Command(name = "create",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Build an emulated node for a NIC model in DIR: devices/, bus/pci/, class/net/ and kernel/iommu_groups/"
                        + " laid out as /sys is, the PFs bound to their drivers, no VFs yet, the eSwitch in the mode"
                        + " the NIC boots in. What sysfs does not show (eSwitch mode, ethtool features) is kept in"
                        + " DIR/.nicsim/state.json.",
                "",
                "DIR must be absent or empty; a nicsim tree already there is kept (destroy it first).",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload nicsim create --model mellanox-connectx5 --root /tmp/node1",
                "  hwoffload discover --sysfs-root /tmp/node1",
                "  hwoffload nicsim destroy --root /tmp/node1",
                "",
                "  # as root: a DPU's Arm side with 4 host VFs, each representor a veth pair",
                "  hwoffload nicsim create --model nvidia-bluefield2-dpu --root /tmp/dpu \\",
                "      --netdevs --host-vfs 4",
                "  ip -n nicsim-<id> link       # the representor ends: run OVS here",
                "  ip -n nicsim-<id>-vf0 link   # host VF 0's end"})
public final class NicsimCreateCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = Models.class,
            description = "The NIC model: ${COMPLETION-CANDIDATES}.")
    String model;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "Where to build the tree.")
    Path root;

    @Option(names = "--netdevs",
            description = "Also make every representor and the VF it represents a real veth pair: representors in"
                    + " namespace nicsim-<id>, each VF in nicsim-<id>-vf<N> (a second PF's in nicsim-<id>-pf1vf<N>,"
                    + " a DPU's host PF in nicsim-<id>-hostpf). A pair exists while both ends do: switchdev mode"
                    + " and a bound VF. Needs root; the host's own namespace is never touched.")
    boolean netdevs;

    @Option(names = "--host-vfs", paramLabel = "N",
            description = "DPU Arm side (nvidia-bluefield2-dpu) only: how many host VFs it represents (pf0vf0..);"
                    + " default 3, as in the seed.")
    Integer hostVfs;

    static final class Models implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NicsimTreeBuilder.bundled().models().iterator();
        }
    }

    @Override
    public Integer call() {
        NicsimTreeBuilder builder = NicsimTreeBuilder.bundled();
        if (!builder.models().contains(model)) {
            throw new UserInputException("--model: unknown model '" + model + "'; nicsim builds "
                    + String.join(", ", builder.models()));
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            print(builder.create(root, model, hostVfs, netdevs), out);
            return 0;
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        } catch (HostException e) {
            throw new CommandFailedException("nicsim create: " + e.getMessage(), e);
        }
    }

    private static void print(SimulatedHost host, PrintWriter out) {
        NicsimSummary summary = host.summary();
        out.println("built " + summary.model() + " (" + summary.product() + ") in " + summary.root());
        TextTable table = new TextTable("PF", "NETDEV", "DRIVER", "TOTALVFS", "ESWITCH");
        for (NicsimSummary.PhysicalFunction pf : summary.physicalFunctions()) {
            table.row(pf.address(), pf.netdev(), pf.driver(), pf.totalVfs() == 0 ? "-" : pf.totalVfs(), pf.eswitchMode());
        }
        table.print(out, "  ");
        out.println("netdevs: " + String.join(" ", summary.netdevs()));
        if (summary.nodeNamespace().isPresent()) {
            out.println("real netdevs: representor ends in namespace " + summary.nodeNamespace().get()
                    + ", each peer in a namespace of its own; " + summary.vethPairs().size() + " veth pairs now");
        }
        out.println("read it with:   hwoffload discover --sysfs-root " + summary.root());
        out.println("remove it with: hwoffload nicsim destroy --root " + summary.root());
    }
}
