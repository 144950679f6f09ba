package io.hwoffload.core.plan;

import io.hwoffload.core.catalog.DriverFamily;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.catalog.NicRole;
import io.hwoffload.core.catalog.SwitchdevControl;
import io.hwoffload.core.catalog.VendorStep;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.plan.DesiredOvs.CniOwnedSetting;
import io.hwoffload.core.plan.DesiredOvs.OvsSetting;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.OvnKubernetesOptions;
import io.hwoffload.core.policy.OvsSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves policies against one node's inventory: which PFs each selects, and what the NIC catalog says
 * their driver family, eSwitch control and VF driver are. A file may hold policies for other node roles
 * (a DPU's host and Arm side); those that select no PF here are not for this node.
 */
public final class NodeConfigResolver {
    private final NicCatalog catalog;

    public NodeConfigResolver(NicCatalog catalog) {
        this.catalog = catalog;
    }

    /** The policies that select at least one PF of {@code inventory}: those for this node. */
    public static List<OffloadPolicy> applicable(List<OffloadPolicy> policies, NodeInventory inventory) {
        return policies.stream().filter(p -> inventory.nics().stream().anyMatch(p.nic()::selects)).toList();
    }

    public DesiredNode resolve(List<OffloadPolicy> policies, NodeInventory inventory) {
        List<OffloadPolicy> here = applicable(policies, inventory);
        if (here.isEmpty()) {
            throw new PlanException("no policy selects a PF on this node: " + policies.stream()
                    .map(p -> p.name() + " wants " + p.nic().describe()).collect(Collectors.joining("; "))
                    + "; PFs here: " + inventory.nics().stream().map(NodeConfigResolver::name)
                    .collect(Collectors.joining(", ")) + ". Fix spec.nicSelector, or run on the node the policy is for");
        }
        List<DesiredFunction> functions = new ArrayList<>();
        Map<PciAddress, String> owner = new HashMap<>();
        List<String> prerequisites = new ArrayList<>();
        for (OffloadPolicy policy : here) {
            for (PhysicalFunction pf : inventory.nics()) {
                if (!policy.nic().selects(pf)) {
                    continue;
                }
                String other = owner.putIfAbsent(pf.pciAddress(), policy.name());
                if (other != null) {
                    throw new PlanException("policies " + other + " and " + policy.name() + " both select " + name(pf)
                            + "; a PF follows one policy: narrow one spec.nicSelector");
                }
                Optional<NicModel> model = Optional.ofNullable(pf.model()).flatMap(catalog::model);
                functions.add(function(policy, pf, model));
                model.ifPresent(m -> m.vendorSteps().stream().filter(s -> s.commands().isEmpty())
                        .map(s -> m.name() + ": " + s.description()).filter(s -> !prerequisites.contains(s))
                        .forEach(prerequisites::add));
            }
        }
        return new DesiredNode(here.stream().map(OffloadPolicy::name).toList(), functions, ovs(here), prerequisites);
    }

    /**
     * What reset returns the node to: each PF hwoffload changed back to its recorded VF count, eSwitch mode
     * and hw-tc-offload (PFs gone from the node are skipped), and OVS settings, bridges and ports as they were.
     */
    public DesiredNode resolveReset(OwnershipRecord record, NodeInventory inventory) {
        List<DesiredFunction> functions = new ArrayList<>();
        record.functions().forEach((address, owned) -> inventory.nicByPciAddress(recordedAddress(address)).ifPresent(pf -> {
            Optional<NicModel> model = Optional.ofNullable(pf.model()).flatMap(catalog::model);
            boolean devlink = model.map(m -> m.switchdev() == SwitchdevControl.DEVLINK && m.role() != NicRole.DPU_HOST)
                    .orElse(true);
            EswitchMode mode = devlink && (owned.eswitchMode() == EswitchMode.LEGACY
                    || owned.eswitchMode() == EswitchMode.SWITCHDEV) ? owned.eswitchMode() : null;
            String vfDriver = model.map(m -> m.vf().driver())
                    .or(() -> pf.vfs().stream().map(VirtualFunction::driver).filter(Objects::nonNull).findFirst())
                    .orElse(null);
            functions.add(new DesiredFunction(pf.pciAddress(), pf.netdev(), pf.model(),
                    model.map(NicModel::driverFamily).orElse(DriverFamily.GENERIC), owned.numVfs(), mode,
                    owned.hwTcOffload(), false, vfDriver, false, List.of()));
        }));
        boolean touchedOvs = !record.ovsSettings().isEmpty() || !record.bridgesAdded().isEmpty()
                || !record.portsAdded().isEmpty();
        DesiredOvs ovs = !touchedOvs ? null : new DesiredOvs(record.ovsSettings().values().stream()
                .map(o -> new OvsSetting(o.column(), o.key(), o.value())).toList(), List.of(), record.bridgesAdded(),
                record.portsAdded());
        return new DesiredNode(List.of("reset"), functions, ovs, List.of());
    }

    private static PciAddress recordedAddress(String text) {
        try {
            return PciAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PlanException("the ownership record names '" + text + "', which is not a PCI address: "
                    + e.getMessage() + "; repair the record");
        }
    }

    private static DesiredFunction function(OffloadPolicy policy, PhysicalFunction pf, Optional<NicModel> model) {
        Integer numVfs = policy.nic().numVfs();
        if (numVfs != null) {
            int total = pf.sriov() == null ? 0 : pf.sriov().totalVfs();
            if (numVfs > total) {
                throw new PlanException(policy.name() + ": spec.numVfs " + numVfs + " is more than " + name(pf)
                        + " has (sriov_totalvfs " + total + "); lower spec.numVfs"
                        + (total == 0 ? ", or enable SR-IOV in the BIOS and the NIC firmware" : ""));
            }
        }
        DriverFamily family = model.map(NicModel::driverFamily).orElse(DriverFamily.GENERIC);
        SwitchdevControl control = model.map(NicModel::switchdev).orElse(SwitchdevControl.DEVLINK);
        NicRole role = model.map(NicModel::role).orElse(NicRole.NIC);
        boolean ownsEswitch = role != NicRole.DPU_HOST;
        if (role == NicRole.DPU && policy.eswitchMode() == EswitchMode.LEGACY) {
            // The kernel would take it (mlx5 has eswitch_mode_set there), but the DPU's eSwitch carries its host's
            // traffic: NVIDIA's BlueField documentation says to leave it in switchdev.
            throw new PlanException(policy.name() + ": spec.eswitchMode legacy on " + name(pf) + ", a DPU's Arm side:"
                    + " its eSwitch carries the host's VFs and PF, and NVIDIA's BlueField docs say to leave it in switchdev;"
                    + " remove spec.eswitchMode (switchdev is the default)");
        }
        EswitchMode mode = ownsEswitch && control == SwitchdevControl.DEVLINK ? policy.eswitchMode() : null;
        if (mode != null && (pf.eswitchMode() == EswitchMode.UNSUPPORTED || pf.eswitchMode() == EswitchMode.UNKNOWN)) {
            throw new PlanException(policy.name() + ": devlink reports the eSwitch of " + name(pf) + " as "
                    + pf.eswitchMode().label() + ", so spec.eswitchMode " + mode.label() + " cannot be set"
                    + (model.isPresent() ? "" : " (the NIC is not in the catalog)") + "; if a vendor stack or the"
                    + " firmware runs this eSwitch, describe the NIC with switchdev: vendor or firmware in a --catalog file");
        }
        List<String> firmwareSteps = List.of();
        if (ownsEswitch && control == SwitchdevControl.FIRMWARE && policy.eswitchMode() == EswitchMode.SWITCHDEV) {
            String uplink = pf.uplink() != null ? pf.uplink() : pf.netdev();
            firmwareSteps = model.get().vendorSteps().stream().filter(s -> !s.commands().isEmpty())
                    .map(VendorStep::commands).flatMap(List::stream)
                    .map(c -> c.replace("<uplink>", uplink == null ? "<uplink>" : uplink)).toList();
        }
        Boolean hwTcOffload = policy.hwTcOffload() != null ? policy.hwTcOffload()
                : control == SwitchdevControl.VENDOR || role == NicRole.DPU ? null : Boolean.TRUE;
        String vfDriver = model.map(m -> m.vf().driver())
                .or(() -> pf.vfs().stream().map(VirtualFunction::driver).filter(Objects::nonNull).findFirst())
                .orElse(null);
        boolean byPci = policy.nic().pfNames().isEmpty() && !policy.nic().rootDevices().isEmpty();
        return new DesiredFunction(pf.pciAddress(), pf.netdev(), pf.model(), family, numVfs, mode, hwTcOffload, true,
                vfDriver, byPci, firmwareSteps);
    }

    /** OVS as the policies that set it want it: external_ids first (the DPU guide's order), then other_config, bridges. */
    private static DesiredOvs ovs(List<OffloadPolicy> policies) {
        List<OffloadPolicy> withOvs = policies.stream().filter(p -> p.ovs() != null || isDpu(p)).toList();
        if (withOvs.isEmpty()) {
            return null;
        }
        Map<String, OvsSetting> settings = new LinkedHashMap<>();
        Map<String, String> setBy = new HashMap<>();
        List<OvsBridge> bridges = new ArrayList<>();
        for (OffloadPolicy policy : withOvs) {
            OvnKubernetesOptions ovnK = policy.cni().ovnKubernetes();
            if (isDpu(policy)) {
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "host-k8s-nodename", ovnK.hostNodeName());
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "ovn-gw-interface", ovnK.gatewayInterface());
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "ovn-gw-nexthop", ovnK.gatewayNexthop());
                // The rest of what OVN-Kubernetes' DPU guide sets on the DPU's OVS, where the policy gives it.
                OvnKubernetesOptions.Dpu dpu = ovnK.dpu();
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "hostname", dpu.chassisHostname());
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "ovn-encap-ip", dpu.encapIp());
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "ovn-encap-type", dpu.encapType());
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "ovn-gw-router-subnet", dpu.gatewayRouterSubnet());
                put(settings, setBy, policy, OvsColumn.EXTERNAL_IDS, "ovn-gw-vlanid",
                        dpu.gatewayVlanId() == null ? null : dpu.gatewayVlanId().toString());
            }
            OvsSettings ovs = policy.ovs();
            if (ovs == null) {
                continue;
            }
            put(settings, setBy, policy, OvsColumn.OTHER_CONFIG, "hw-offload",
                    ovs.hwOffload() == null ? null : ovs.hwOffload().toString(), hwOffloadWriter(policy, ovs.hwOffload()));
            put(settings, setBy, policy, OvsColumn.OTHER_CONFIG, "tc-policy", ovs.tcPolicy());
            put(settings, setBy, policy, OvsColumn.OTHER_CONFIG, "max-idle",
                    ovs.maxIdle() == null ? null : ovs.maxIdle().toString());
            bridges.addAll(ovs.bridges());
        }
        return new DesiredOvs(List.copyOf(settings.values()), bridges, List.of(), List.of());
    }

    /** An OVN-Kubernetes DPU node: its OVS needs the host's node name and the gateway in external_ids. */
    private static boolean isDpu(OffloadPolicy policy) {
        OvnKubernetesOptions ovnK = policy.cni().ovnKubernetes();
        return ovnK != null && ovnK.nodeMode() == OvnKubernetesOptions.NodeMode.DPU;
    }

    /** Under Kube-OVN hw-offload is its start-ovs.sh's (CniOvsStart), and changed there. */
    private static CniOwnedSetting hwOffloadWriter(OffloadPolicy policy, Boolean hwOffload) {
        if (!CniOvsStart.otherConfig(policy).containsKey("hw-offload")) {
            return null;
        }
        return new CniOwnedSetting("Kube-OVN's start-ovs.sh (HW_OFFLOAD)", List.of(
                "set HW_OFFLOAD=" + hwOffload + " in Kube-OVN's install.sh (Helm: func.HW_OFFLOAD or"
                        + " features.enableHardwareOffload, as hwoffload render writes them)",
                "kubectl -n kube-system rollout restart daemonset/ovs-ovn"));
    }

    private static void put(Map<String, OvsSetting> settings, Map<String, String> setBy, OffloadPolicy policy,
                            OvsColumn column, String key, String value) {
        put(settings, setBy, policy, column, key, value, null);
    }

    private static void put(Map<String, OvsSetting> settings, Map<String, String> setBy, OffloadPolicy policy,
                            OvsColumn column, String key, String value, CniOwnedSetting writer) {
        if (value == null) {
            return;   // the policy leaves it alone
        }
        String id = column.column() + ":" + key;
        OvsSetting previous = settings.putIfAbsent(id, new OvsSetting(column, key, value, writer));
        if (previous != null && !previous.value().equals(value)) {
            throw new PlanException("policies " + setBy.get(id) + " and " + policy.name() + " set " + id + " to "
                    + previous.value() + " and " + value + "; make them agree");
        }
        setBy.putIfAbsent(id, policy.name());
    }

    private static String name(PhysicalFunction pf) {
        return pf.netdev() == null ? pf.pciAddress().toString() : pf.netdev() + " (" + pf.pciAddress() + ")";
    }
}
