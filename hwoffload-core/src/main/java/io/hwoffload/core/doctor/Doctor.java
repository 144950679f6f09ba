package io.hwoffload.core.doctor;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.catalog.SwitchdevControl;
import io.hwoffload.core.catalog.VendorStep;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.Finding;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.policy.NicRequest;
import io.hwoffload.flows.version.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks every prerequisite the seeds name against a node's inventory, OVS state and (optionally) a policy,
 * and says for each what was found and the fix. Pure: all facts come in as arguments.
 */
public final class Doctor {
    static final Version MIN_KERNEL = Version.of("5.7");
    static final Version MIN_IPROUTE2 = Version.of("4.12");
    static final Version MIN_OVS = Version.of("2.8");

    private final NicCatalog catalog;

    public Doctor(NicCatalog catalog) {
        this.catalog = catalog;
    }

    public List<Check> examine(NodeInventory inventory, OvsState ovs, Optional<NicRequest> request) {
        List<Check> checks = new ArrayList<>();
        List<PhysicalFunction> candidates = request.map(r -> inventory.nics().stream().filter(r::selects).toList())
                .orElseGet(() -> inventory.nics().stream().filter(PhysicalFunction::isOffloadCapable).toList());
        checks.add(sriovCapable(inventory));
        request.ifPresent(r -> checks.addAll(policyFits(r, inventory, candidates)));
        checks.add(version("kernel", "kernel", inventory.versions().kernel(), minimum(candidates, "kernel", MIN_KERNEL),
                "upgrade the kernel: TC flower offload of OVS flows needs it"));
        checks.add(version("iproute2", "iproute2", inventory.versions().iproute2(),
                minimum(candidates, "iproute2", MIN_IPROUTE2), "upgrade iproute2 (devlink eswitch needs it)"));
        checks.addAll(ovsChecks(ovs, candidates));
        for (PhysicalFunction pf : candidates) {
            checks.addAll(nicChecks(pf, request));
        }
        for (Finding finding : inventory.findings()) {
            checks.add(Check.warn("discovery", finding.subject(), finding.message(),
                    "check the device with lspci -vvv -s and dmesg; rerun discover after fixing"));
        }
        return checks;
    }

    private Check sriovCapable(NodeInventory inventory) {
        List<PhysicalFunction> capable = inventory.nics().stream().filter(PhysicalFunction::isOffloadCapable).toList();
        if (!capable.isEmpty()) {
            return Check.pass("sriov", "node", capable.size() + " SR-IOV capable PF(s) or DPU eSwitch(es): "
                    + capable.stream().map(Doctor::name).collect(Collectors.joining(", ")));
        }
        String found = inventory.nics().isEmpty() ? "no Ethernet PCI function at all"
                : "Ethernet functions without SR-IOV: " + inventory.nics().stream()
                .map(n -> name(n) + " (" + n.vendorId() + ":" + n.deviceId() + " " + n.driver() + ")")
                .collect(Collectors.joining(", "));
        return Check.fail("sriov", "node", "This node has no SR-IOV capable NIC: " + found + ".",
                "Offload needs a SmartNIC or DPU with SR-IOV enabled in the BIOS and NIC firmware"
                        + " (Mellanox: mlxconfig set SRIOV_EN=1 NUM_OF_VFS=N). Without hardware, try an emulated"
                        + " node: hwoffload nicsim create --model mellanox-connectx5 --root DIR, then"
                        + " hwoffload doctor --sysfs-root DIR");
    }

    private List<Check> policyFits(NicRequest request, NodeInventory inventory, List<PhysicalFunction> selected) {
        List<Check> checks = new ArrayList<>();
        String subject = "policy " + request.policyName();
        if (selected.isEmpty()) {
            checks.add(Check.fail("policy-pf", subject, "no PF on this node matches nicSelector (" + request.describe()
                            + "); PFs here: " + inventory.nics().stream().map(Doctor::name).collect(Collectors.joining(", ")),
                    "fix spec.nicSelector, or do not select this node with spec.nodeSelector"));
            return checks;
        }
        checks.add(Check.pass("policy-pf", subject, "nicSelector matches " + selected.stream().map(Doctor::name)
                .collect(Collectors.joining(", "))));
        for (PhysicalFunction pf : selected) {
            int total = pf.sriov() == null ? 0 : pf.sriov().totalVfs();
            if (request.numVfs() == null) {
                checks.add(Check.pass("policy-numvfs", name(pf), "policy leaves the VF count as it is ("
                        + (pf.sriov() == null ? 0 : pf.sriov().numVfs()) + ")"));
            } else if (request.numVfs() > total) {
                checks.add(Check.fail("policy-numvfs", name(pf), "policy asks for " + request.numVfs()
                                + " VFs, the PF allows " + total + " (sriov_totalvfs)",
                        "lower spec.numVfs to at most " + total + ", or raise the NIC firmware's VF limit"));
            } else {
                checks.add(Check.pass("policy-numvfs", name(pf), request.numVfs() + " VFs requested, up to "
                        + total + " possible"));
            }
        }
        return checks;
    }

    private static Check version(String id, String what, String text, Version minimum, String fix) {
        Optional<Version> found = Version.find(text);
        if (found.isEmpty()) {
            return Check.warn(id, what, what + " version unknown", "install " + what + " (hwoffload needs >= "
                    + minimum + ")");
        }
        if (!found.get().isAtLeast(minimum)) {
            return Check.fail(id, what, what + " " + text + " is older than " + minimum, fix + " to >= " + minimum);
        }
        return Check.pass(id, what, what + " " + text + " (>= " + minimum + ")");
    }

    /** The highest minimum among the baseline and the catalog models of the NICs checked. */
    private Version minimum(List<PhysicalFunction> pfs, String component, Version baseline) {
        Version highest = baseline;
        for (PhysicalFunction pf : pfs) {
            Optional<String> text = model(pf).map(m -> switch (component) {
                case "kernel" -> m.minimum().kernel();
                case "iproute2" -> m.minimum().iproute2();
                default -> m.minimum().ovs();
            });
            Optional<Version> v = text.flatMap(Version::find);
            if (v.isPresent() && v.get().compareTo(highest) > 0) {
                highest = v.get();
            }
        }
        return highest;
    }

    private List<Check> ovsChecks(OvsState ovs, List<PhysicalFunction> pfs) {
        List<Check> checks = new ArrayList<>();
        if (ovs.config() == null) {
            checks.add(Check.warn("ovs", "OVS", "OVSDB not reachable at " + ovs.endpoint() + ": "
                    + ovs.unreachableReason(), "start Open vSwitch, or pass --ovsdb unix:PATH to its db.sock"
                    + " (a DPU host in dpu-host mode runs no OVS: check the DPU side)"));
            return checks;
        }
        String ovsVersion = ovs.config().ovsVersion();
        if (ovsVersion == null || ovsVersion.isBlank()) {
            // ovs-ctl writes ovs_version when it starts OVS (utilities/ovs-ctl.in, set_system_ids); ovs-vswitchd
            // itself never does. Installed OVS, empty column: it was not started, or not through ovs-ctl.
            checks.add(Check.warn("ovs", "OVS", "OVSDB reachable at " + ovs.endpoint() + ", ovs_version not set;"
                            + " ovs-vswitchd not started (ovs-ctl start sets it)?",
                    "start OVS with its service (systemctl start openvswitch-switch, or ovs-ctl start); the"
                            + " version needs to be >= " + minimum(pfs, "ovs", MIN_OVS)));
        } else {
            checks.add(version("ovs", "OVS", ovsVersion, minimum(pfs, "ovs", MIN_OVS), "upgrade Open vSwitch"));
        }
        checks.add(datapathTypes(ovs.config()));
        if (ovs.config().hwOffload()) {
            checks.add(Check.pass("ovs-hw-offload", "OVS", "other_config:hw-offload=true (ovs-vswitchd reads it"
                    + " when it starts: if it was set after the last start, restart ovs-vswitchd)"));
        } else {
            checks.add(Check.fail("ovs-hw-offload", "OVS", "other_config:hw-offload is "
                            + ovs.config().otherConfig().getOrDefault("hw-offload", "not set"),
                    "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true, then restart ovs-vswitchd"));
        }
        return checks;
    }

    /**
     * Bridges on the userspace datapath (datapath_type=netdev): TC offload never happens there; only DPDK ports
     * offload, through rte_flow (OVS lib/netdev-offload-dpdk.c), when other_config:dpdk-init is on.
     */
    private static Check datapathTypes(OvsConfig config) {
        List<String> userspace = config.userspaceBridges();
        if (userspace.isEmpty()) {
            return Check.pass("ovs-datapath", "OVS", "no bridge on the userspace datapath (TC offload applies)");
        }
        String bridges = String.join(", ", userspace);
        if (Boolean.parseBoolean(config.otherConfig().getOrDefault("dpdk-init", "false"))) {
            return Check.pass("ovs-datapath", "OVS", "bridge(s) " + bridges + " use the userspace datapath with DPDK:"
                    + " their DPDK ports offload through rte_flow (dp:dpdk), not TC");
        }
        return Check.warn("ovs-datapath", "OVS", "bridge(s) " + bridges + " use the userspace datapath"
                        + " (datapath_type=netdev) without DPDK: their flows can never be offloaded",
                "move them to the kernel datapath: ovs-vsctl set Bridge " + userspace.get(0)
                        + " datapath_type=system (each of them), or enable OVS-DPDK if that is what they are for");
    }

    private List<Check> nicChecks(PhysicalFunction pf, Optional<NicRequest> request) {
        List<Check> checks = new ArrayList<>();
        String subject = name(pf);
        Optional<NicModel> model = model(pf);
        if (model.isEmpty()) {
            checks.add(Check.warn("catalog", subject, pf.vendorId() + ":" + pf.deviceId() + " (" + pf.driver()
                            + ") is not in the NIC catalog; generic steps will be used",
                    "add the model to a catalog file and pass --catalog FILE"));
        } else {
            checks.add(Check.pass("catalog", subject, "catalog model " + model.get().name() + " ("
                    + model.get().productName() + ")"));
            for (VendorStep step : model.get().vendorSteps()) {
                checks.add(Check.warn("vendor-step", subject, "vendor step '" + step.id() + "': "
                        + step.description(), step.commands().isEmpty() ? "follow the vendor's guide"
                        : String.join("; ", step.commands())));
            }
        }
        if (pf.iommuGroup() == null) {
            checks.add(Check.warn("iommu", subject, "no IOMMU group: the IOMMU (VT-d / AMD-Vi) is off",
                    "enable VT-d/AMD-Vi in the BIOS and boot with intel_iommu=on iommu=pt (or amd_iommu=on)"));
        } else {
            checks.add(Check.pass("iommu", subject, "IOMMU group " + pf.iommuGroup()));
        }
        checks.add(switchdev(pf, model, subject));
        checks.add(hwTcOffload(pf, subject));
        int numVfs = pf.sriov() == null ? 0 : pf.sriov().numVfs();
        if (pf.isDpuSide()) {
            checks.add(Check.pass("vfs", subject, "DPU side: represents " + pf.representors().stream()
                    .filter(r -> r.vfIndex() != null).count() + " host VF(s); the host creates the VFs"));
        } else if (numVfs == 0) {
            int total = pf.sriov() == null ? 0 : pf.sriov().totalVfs();
            Integer requested = request.map(NicRequest::numVfs).filter(n -> n != null && n > 0).orElse(null);
            // One fix per problem: a count that does not fit is policy-numvfs's, not a command to run here.
            String fix = requested != null && requested > total
                    ? "fix spec.numVfs first (see policy-numvfs); hwoffload apply then creates them"
                    : "hwoffload apply creates them (echo " + (requested != null ? requested : Math.min(4, total))
                    + " > /sys/bus/pci/devices/" + pf.pciAddress() + "/sriov_numvfs)";
            checks.add(Check.warn("vfs", subject, "no VFs yet", fix));
        } else {
            checks.add(Check.pass("vfs", subject, numVfs + " VFs exist"));
        }
        checks.add(representors(pf, subject));
        return checks;
    }

    private static Check switchdev(PhysicalFunction pf, Optional<NicModel> model, String subject) {
        SwitchdevControl control = model.map(NicModel::switchdev).orElse(SwitchdevControl.DEVLINK);
        EswitchMode mode = pf.eswitchMode();
        if (mode == EswitchMode.SWITCHDEV) {
            return Check.pass("switchdev", subject, "eSwitch in switchdev mode");
        }
        if (control != SwitchdevControl.DEVLINK) {
            return Check.pass("switchdev", subject, "eSwitch mode is set by the " + control.label()
                    + ", not devlink (devlink reports " + mode + ")");
        }
        if (mode == EswitchMode.LEGACY) {
            return Check.warn("switchdev", subject, "eSwitch in legacy mode; switchdev is possible",
                    "hwoffload apply sets it (devlink dev eswitch set pci/" + pf.pciAddress() + " mode switchdev)");
        }
        return Check.fail("switchdev", subject, "devlink cannot report this PF's eSwitch mode (" + mode + ")",
                "install iproute2's devlink and a driver/firmware with switchdev support; check"
                        + " 'devlink dev eswitch show pci/" + pf.pciAddress() + "'");
    }

    private static Check hwTcOffload(PhysicalFunction pf, String subject) {
        String port = pf.uplink() != null ? pf.uplink() : pf.netdev();
        if (Boolean.TRUE.equals(pf.hwTcOffload())) {
            return Check.pass("hw-tc-offload", subject, "hw-tc-offload on " + port);
        }
        return Check.warn("hw-tc-offload", subject, "hw-tc-offload " + (pf.hwTcOffload() == null ? "state unknown"
                : "off") + " on " + port, "ethtool -K " + port + " hw-tc-offload on (hwoffload apply does it)");
    }

    private static Check representors(PhysicalFunction pf, String subject) {
        if (pf.eswitchMode() != EswitchMode.SWITCHDEV || pf.vfs().isEmpty()) {
            return Check.pass("representors", subject, pf.representors().isEmpty() ? "no representors expected yet"
                    : pf.representors().size() + " representors");
        }
        List<Integer> missing = pf.vfs().stream().filter(v -> v.representor() == null)
                .map(VirtualFunction::index).toList();
        if (missing.isEmpty()) {
            return Check.pass("representors", subject, "every VF has a representor");
        }
        return Check.fail("representors", subject, "no representor found for VF(s) " + missing,
                "the eSwitch is in switchdev but representors are missing: rebind the VFs (unbind/bind "
                        + pf.driver() + ") or check dmesg for the driver's errors");
    }

    private Optional<NicModel> model(PhysicalFunction pf) {
        return pf.model() == null ? Optional.empty() : catalog.model(pf.model());
    }

    private static String name(PhysicalFunction pf) {
        return pf.netdev() == null ? pf.pciAddress().toString() : pf.netdev() + " (" + pf.pciAddress() + ")";
    }
}
