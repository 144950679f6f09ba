package io.hwoffload.cli.nicsim;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.TextTable;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.host.HostException;
import io.hwoffload.host.nicsim.NicsimSummary;
import io.hwoffload.host.nicsim.NicsimBoot;
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
                "  ip -n nicsim-<id>-vf0 link   # host VF 0's end",
                "",
                "  # a DPU whose host has made its VFs (hwoffload apply --sysfs-root /tmp/host): it represents those",
                "  hwoffload nicsim create --model nvidia-bluefield2-dpu --root /tmp/dpu --paired-host /tmp/host",
                "",
                "  # Corigine as shipped (CoreNIC), then its firmware step",
                "  hwoffload nicsim create --model corigine-agilio-cx --root /tmp/agilio",
                "  hwoffload nicsim firmware --root /tmp/agilio flower"})
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
            description = "DPU Arm side (nvidia-bluefield2-dpu) only: how many VFs its x86 host made, so how many host"
                    + " VF representors it has (pf0vf0..); default 3, as in the seed.")
    Integer hostVfs;

    @Option(names = "--paired-host", paramLabel = "DIR",
            description = "DPU Arm side only, instead of --host-vfs: the nicsim tree of its x86 host"
                    + " (nvidia-bluefield2-host); the DPU represents as many host VFs as that host's PF has now.")
    Path pairedHost;

    @Option(names = "--firmware", paramLabel = "APP",
            description = "Corigine (corigine-agilio-cx) only: the firmware its PFs boot, nic (CoreNIC, as the card"
                    + " ships: no eSwitch) or flower (TC offload: switchdev, representors); default nic. 'hwoffload"
                    + " nicsim firmware' switches it later, as the vendor's script and a driver reload do.")
    String firmware;

    @Option(names = "--kernel", paramLabel = "VERSION",
            description = "The emulated kernel's version, which decides some names: before 5.7 a ConnectX-5 PF has no"
                    + " devlink port in legacy mode, so udev names it enp3s0f0 (as seed 003 shows), not enp3s0f0np0;"
                    + " default ${DEFAULT-VALUE}.", defaultValue = NicsimBoot.DEFAULT_KERNEL)
    String kernel;

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
        if (pairedHost != null && hostVfs != null) {
            throw new UserInputException("--paired-host and --host-vfs both say how many host VFs there are; give one");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            Integer vfs = pairedHost != null ? Integer.valueOf(builder.hostVfsOf(pairedHost, model)) : hostVfs;
            print(builder.create(root, model, new NicsimBoot(firmware, vfs, kernel), netdevs), out);
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
        TextTable table = new TextTable("PF", "NETDEV", "DRIVER", "TOTALVFS", "ESWITCH", "FIRMWARE");
        for (NicsimSummary.PhysicalFunction pf : summary.physicalFunctions()) {
            table.row(pf.address(), pf.netdev(), pf.driver(), pf.totalVfs() == 0 ? "-" : pf.totalVfs(), pf.eswitchMode(),
                    pf.firmware().orElse("-"));
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
