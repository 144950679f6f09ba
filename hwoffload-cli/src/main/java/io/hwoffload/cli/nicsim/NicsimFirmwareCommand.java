package io.hwoffload.cli.nicsim;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import io.hwoffload.host.nicsim.NicsimSummary;
import io.hwoffload.host.nicsim.NicsimTrees;
import io.hwoffload.host.nicsim.SimulatedHost;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "firmware",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Do the vendor's firmware step on an emulated node, as a person does it on a real one: link the"
                        + " application's image as each PF's per-device firmware (what Corigine's agilio-tc-fw-select.sh"
                        + " does: /lib/firmware/netronome/pci-<address>.nffw -> <app>/nic_<assembly>.nffw, here under"
                        + " DIR/.nicsim/lib/firmware), then reload the PF driver (rmmod nfp; modprobe nfp). The reload"
                        + " removes the PFs' VFs; the driver loads the linked image when it probes each PF again.",
                "",
                "A Corigine Agilio card ships with the CoreNIC (nic) firmware: no eSwitch, no representors. The flower"
                        + " firmware runs its eSwitch in switchdev. 'hwoffload plan' shows this step and 'apply' stops"
                        + " before it.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload nicsim create --model corigine-agilio-cx --root /tmp/agilio",
                "  hwoffload apply --policy examples/policies/corigine-kube-ovn.yaml --sysfs-root /tmp/agilio",
                "  hwoffload nicsim firmware --root /tmp/agilio flower",
                "  hwoffload apply --policy examples/policies/corigine-kube-ovn.yaml --sysfs-root /tmp/agilio"})
public final class NicsimFirmwareCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "The nicsim tree.")
    Path root;

    @Option(names = "--pf", paramLabel = "PCI", description = "Only this PF's firmware link (default: every PF of the NIC).")
    String pf;

    @Parameters(index = "0", paramLabel = "APP", description = "The firmware application: flower (TC offload) or nic (CoreNIC, as shipped).")
    String application;

    @Override
    public Integer call() {
        if (!NicsimTrees.isNicsimTree(root)) {
            throw new UserInputException("--root: " + root + " is not a nicsim tree (it has no .nicsim/state.json);"
                    + " make one with 'hwoffload nicsim create'");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            SimulatedHost host = SimulatedHost.open(root);
            List<String> applications = host.firmwareApplications();
            if (applications.isEmpty()) {
                throw new UserInputException(host.model() + " loads one firmware, which nicsim does not switch; the"
                        + " firmware step is for NICs whose firmware image decides the eSwitch (corigine-agilio-cx)");
            }
            if (!applications.contains(application)) {
                throw new UserInputException("APP: " + host.model() + " has the firmware applications "
                        + String.join(" and ", applications) + ", not '" + application + "'");
            }
            List<NicsimSummary.PhysicalFunction> pfs = host.summary().physicalFunctions();
            List<PciAddress> targets = pf == null ? pfs.stream().map(NicsimSummary.PhysicalFunction::address).toList()
                    : List.of(physicalFunction(pfs));
            for (PciAddress target : targets) {
                host.linkFirmware(target, application);
                out.println("linked the " + application + " firmware for " + target);
            }
            host.reloadDriver(host.physicalFunctionDriver());
            for (NicsimSummary.PhysicalFunction now : host.summary().physicalFunctions()) {
                out.println("reloaded " + now.driver() + ": " + now.address() + " runs " + now.firmware().orElse("-")
                        + ", netdev " + now.netdev() + ", eSwitch " + now.eswitchMode() + ", " + now.numVfs() + " VFs");
            }
            return 0;
        } catch (HostException e) {
            throw new CommandFailedException("nicsim firmware: " + e.getMessage(), e);
        }
    }

    private PciAddress physicalFunction(List<NicsimSummary.PhysicalFunction> pfs) {
        PciAddress address;
        try {
            address = PciAddress.parse(pf);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--pf: " + e.getMessage());
        }
        if (pfs.stream().noneMatch(p -> p.address().equals(address))) {
            throw new UserInputException("--pf: " + address + " is not a PF of this tree; its PFs are "
                    + String.join(", ", pfs.stream().map(p -> p.address().toString()).toList()));
        }
        return address;
    }
}
