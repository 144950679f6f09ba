package io.hwoffload.core.plan;

import io.hwoffload.core.catalog.DriverFamily;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.plan.Action.BindDriver;
import io.hwoffload.core.plan.Action.FixCniSetting;
import io.hwoffload.core.plan.Action.MoveAddressing;
import io.hwoffload.core.plan.Action.ManualStep;
import io.hwoffload.core.plan.Action.SetEswitchMode;
import io.hwoffload.core.plan.Action.SetHwTcOffload;
import io.hwoffload.core.plan.Action.SetLinkUp;
import io.hwoffload.core.plan.Action.SetOvsBridge;
import io.hwoffload.core.plan.Action.SetOvsPort;
import io.hwoffload.core.plan.Action.SetOvsSetting;
import io.hwoffload.core.plan.Action.UnbindDriver;
import io.hwoffload.core.plan.Action.WriteNumVfs;
import io.hwoffload.core.plan.DesiredOvs.OvsSetting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Desired node + observed node -> the ordered steps between them, following each driver family's sequence
 * (DESIGN.md §3). Pure: the same inputs give the same plan, and a node that matches its desired state gives
 * an empty one. The planner predicts what each step leaves behind (new VFs bound by autoprobe, unbound VFs)
 * so that the whole sequence is known before the first step runs; the executor re-plans after every step,
 * so a prediction that turns out wrong only costs a re-plan.
 */
public final class Planner {

    public Plan plan(DesiredNode desired, ObservedNode observed) {
        return plan(desired, observed, OwnershipRecord.EMPTY);
    }

    /**
     * As {@link #plan(DesiredNode, ObservedNode)}, knowing which VFs hwoffload created (those above a PF's recorded
     * original count): rebinding those, as a resumed apply does, needs no drain.
     */
    public Plan plan(DesiredNode desired, ObservedNode observed, OwnershipRecord ownership) {
        List<Step> steps = new ArrayList<>();
        List<String> inPlace = new ArrayList<>();
        for (DesiredFunction function : desired.functions()) {
            PhysicalFunction pf = observed.physicalFunction(function.pf()).orElseThrow(() -> new PlanException(
                    function.pf() + " (" + function.netdev() + ") is gone from this node: run discover and check the NIC"));
            OwnershipRecord.OwnedFunction owned = ownership.functions().get(function.pf().toString());
            new FunctionPlan(function, pf, owned == null ? Integer.MAX_VALUE : owned.numVfs(), steps, inPlace).build();
        }
        if (desired.ovs() != null) {
            ovsSteps(desired.ovs(), observed, steps);
        }
        return new Plan(steps, inPlace, desired.prerequisites());
    }

    /** A VF as the plan expects it at this point of the sequence. */
    private static final class PredictedVf {
        final int index;
        final PciAddress address;
        String driver;
        /** Bound by autoprobe to a driver the plan cannot name yet (the VF does not exist yet). */
        boolean autoprobed;
        String unboundFrom;

        PredictedVf(int index, PciAddress address, String driver) {
            this.index = index;
            this.address = address;
            this.driver = driver;
        }
    }

    /** The steps for one PF, in its driver family's order. */
    private static final class FunctionPlan {
        private final DesiredFunction want;
        private final PhysicalFunction pf;
        private final List<Step> steps;
        private final List<String> inPlace;
        /** VFs from this index on were created by hwoffload (the PF's recorded original VF count). */
        private final int ownFrom;
        private List<PredictedVf> vfs = new ArrayList<>();
        private EswitchMode mode;
        private boolean firmwarePending;

        FunctionPlan(DesiredFunction want, PhysicalFunction pf, int ownFrom, List<Step> steps, List<String> inPlace) {
            this.want = want;
            this.pf = pf;
            this.ownFrom = ownFrom;
            this.steps = steps;
            this.inPlace = inPlace;
            this.mode = pf.eswitchMode();
            for (VirtualFunction vf : pf.vfs()) {
                vfs.add(new PredictedVf(vf.index(), vf.pciAddress(), vf.driver()));
            }
        }

        void build() {
            firmwarePending = firmware();
            int current = pf.sriov() == null ? 0 : pf.sriov().numVfs();
            int target = want.numVfs() == null ? current : want.numVfs();
            boolean modeChange = want.eswitchMode() != null && mode != want.eswitchMode();
            if (want.family() == DriverFamily.ICE) {
                // ice changes the eSwitch mode only while it has no VFs: 0, mode, N; its VFs need no rebinding.
                if (modeChange) {
                    writeNumVfs(current, 0, "ice sets the eSwitch mode only with no VFs");
                    setMode(want.eswitchMode(), "the policy's eSwitch mode");
                    writeNumVfs(0, target, "the policy's VF count");
                } else if (target != current) {
                    writeNumVfs(current, 0, "the kernel changes a non-zero VF count only through 0");
                    writeNumVfs(0, target, "the policy's VF count");
                }
                linkUp();
                hwTcOffload();
                bindUnbound();
                return;
            }
            if (target != current) {
                if (want.eswitchMode() != null && mode != EswitchMode.LEGACY) {
                    setMode(EswitchMode.LEGACY, "VFs are created in legacy mode, then the eSwitch goes to switchdev");
                }
                writeNumVfs(current, 0, "the kernel changes a non-zero VF count only through 0");
                writeNumVfs(0, target, "the policy's VF count");
            }
            linkUp();
            if (want.eswitchMode() != null && mode != want.eswitchMode()) {
                if (want.eswitchMode() == EswitchMode.SWITCHDEV) {
                    for (PredictedVf vf : vfs) {
                        if (vf.driver != null || vf.autoprobed) {
                            boolean inUse = vf.index < ownFrom && pf.vfs().stream().anyMatch(v -> v.pciAddress().equals(vf.address));
                            add(new UnbindDriver(want.pf(), vf.address, vf.driver), "VFs are unbound while the eSwitch"
                                    + " changes mode", inUse ? Disruption.NODE_DRAIN : Disruption.NONE);
                            vf.unboundFrom = vf.driver;
                            vf.driver = null;
                            vf.autoprobed = false;
                        }
                    }
                }
                setMode(want.eswitchMode(), "the policy's eSwitch mode");
            }
            hwTcOffload();
            bindUnbound();
        }

        /** VFs without a driver get theirs back (the one they were unbound from, else the catalog's). */
        private void bindUnbound() {
            for (PredictedVf vf : vfs) {
                if (vf.driver != null || vf.autoprobed) {
                    continue;
                }
                String driver = vf.unboundFrom != null ? vf.unboundFrom : want.vfDriver();
                if (driver == null) {
                    // Nobody can name it (YUSUR's VFs serve its DPDK stack): leave it to the vendor's guide.
                    inPlace.add(want.netdev() + " VF " + vf.index + " (" + vf.address + ") has no driver and the catalog"
                            + " names none for " + want.model() + ": bound by the vendor's stack, not hwoffload");
                    continue;
                }
                add(new BindDriver(want.pf(), vf.address, driver), "VFs need their driver for a netdev"
                        + " and the device plugin", Disruption.NONE);
                vf.driver = driver;
            }
        }

        /**
         * The vendor's firmware step, when the offload firmware is not running; true when it is pending. The steps
         * after it are what apply does once it is done (the driver reload removes the VFs, so they are made then).
         */
        private boolean firmware() {
            if (want.firmwareSteps().isEmpty()) {
                return false;
            }
            String commands = String.join(" && ", want.firmwareSteps());
            if (pf.eswitchMode() == EswitchMode.SWITCHDEV) {
                inPlace.add(want.netdev() + ": eSwitch in switchdev, so the offload firmware is loaded (" + commands + ")");
                return false;
            }
            add(new ManualStep(want.pf(), "firmware", want.firmwareSteps(), EswitchMode.SWITCHDEV),
                    "the " + want.model() + " firmware runs the eSwitch in switchdev only with its offload firmware",
                    pf.vfs().isEmpty() ? Disruption.NONE : Disruption.NODE_DRAIN);
            return true;
        }

        private void writeNumVfs(int from, int to, String why) {
            if (from == to) {
                return;
            }
            add(new WriteNumVfs(want.pf(), want.netdev(), want.addressedByPci(), to), why,
                    to == 0 ? Disruption.NODE_DRAIN : Disruption.NONE);
            vfs = new ArrayList<>();
            for (int index = 0; index < to; index++) {
                // sriov_drivers_autoprobe binds each new VF; to the catalog's driver when it names one.
                PredictedVf vf = new PredictedVf(index, pf.pciAddress().virtualFunction(pf.sriov().offset(),
                        pf.sriov().stride(), index), want.vfDriver());
                vf.autoprobed = want.vfDriver() == null;
                vfs.add(vf);
            }
        }

        private void setMode(EswitchMode to, String why) {
            if (mode == to) {
                return;
            }
            boolean vfsNow = !pf.vfs().isEmpty() && vfs.stream().anyMatch(v -> pf.vfs().stream()
                    .anyMatch(o -> o.pciAddress().equals(v.address)));
            add(new SetEswitchMode(want.pf(), to), why, vfsNow && to == EswitchMode.LEGACY ? Disruption.NODE_DRAIN
                    : Disruption.NONE);
            mode = to;
        }

        private void linkUp() {
            if (want.linkUp() && want.netdev() != null
                    && (pf.link() == null || !Boolean.TRUE.equals(pf.link().adminUp()))) {
                add(new SetLinkUp(want.pf(), want.netdev()), "offload needs the PF up", Disruption.NONE);
            }
        }

        private void hwTcOffload() {
            // The offload firmware brings the uplink representor, which has it: nothing to plan on today's netdevs.
            if (firmwarePending || want.hwTcOffload() == null || Objects.equals(pf.hwTcOffload(), want.hwTcOffload())) {
                return;
            }
            String netdev = pf.uplink() != null ? pf.uplink() : want.netdev();
            if (netdev != null) {
                add(new SetHwTcOffload(want.pf(), netdev, want.hwTcOffload()), "TC flower offload needs hw-tc-offload"
                        + " on the uplink", Disruption.NONE);
            }
        }

        private void add(Action action, String why, Disruption disruption) {
            steps.add(new Step(action, why, disruption));
        }
    }

    /**
     * Before a bridge (or its uplink port) goes, the addresses on the bridge go back to the uplink, else they would go
     * with the bridge; the uplink is the port that is one of the node's own netdevs (a PF or its uplink).
     */
    private static void movedBack(String bridge, List<String> ports, ObservedNode node, List<Step> steps) {
        IpAddressing held = node.addressing(bridge);
        if (held.addresses().isEmpty()) {
            return;
        }
        ports.stream().filter(port -> !port.equals(bridge) && node.hasNetdev(port)).findFirst().ifPresent(port ->
                steps.add(Step.of(new MoveAddressing(bridge, port, false, held), bridge + " holds " + describe(held)
                        + ", which go back to " + port + " before " + bridge + " goes")));
    }

    private static String describe(IpAddressing addressing) {
        String routes = addressing.routes().stream().map(r -> r.destination() + (r.gateway() == null ? "" : " via "
                + r.gateway())).collect(Collectors.joining(", "));
        return String.join(", ", addressing.addresses()) + (routes.isEmpty() ? "" : " and the routes " + routes);
    }

    private static void ovsSteps(DesiredOvs want, ObservedNode node, List<Step> steps) {
        OvsConfig have = node.ovs();
        List<Step> checks = new ArrayList<>();
        for (OvsSetting setting : want.settings()) {
            String current = have == null ? null : setting.column().of(have).get(setting.key());
            if (setting.writer() != null) {
                if (have != null && !Objects.equals(current, setting.value())) {
                    checks.add(Step.of(new FixCniSetting(setting.column(), setting.key(), setting.value(), current,
                            setting.writer()), setting.writer().writer() + " writes it, so hwoffload does not"));
                }
            } else if (have == null || !Objects.equals(current, setting.value())) {
                boolean restart = setting.column() == OvsColumn.OTHER_CONFIG
                        && (setting.key().equals("hw-offload") || setting.key().equals("tc-policy"));
                steps.add(new Step(new SetOvsSetting(setting.column(), setting.key(), setting.value()),
                        "the policy's OVS settings", restart ? Disruption.VSWITCHD_RESTART : Disruption.NONE));
            }
        }
        for (OvsBridge bridge : want.bridges()) {
            boolean exists = have != null && have.bridge(bridge.name()).isPresent();
            if (!exists) {
                steps.add(Step.of(new SetOvsBridge(bridge.name(), true), "the policy's bridge"));
            }
            List<String> ports = exists ? have.bridge(bridge.name()).get().ports() : List.of();
            for (String port : bridge.ports()) {
                IpAddressing held = node.addressing(port);
                if (!held.addresses().isEmpty()) {
                    steps.add(Step.of(new MoveAddressing(bridge.name(), port, true, held), port + " holds "
                            + describe(held) + ": a port of a bridge takes no IP traffic itself, so they move to "
                            + bridge.name() + " in this one step (undone if any part fails), as the DPU guide has it"));
                } else if (!ports.contains(port)) {
                    steps.add(Step.of(new SetOvsPort(bridge.name(), port, true), "the policy's bridge port"));
                }
            }
        }
        for (OvsBridge bridge : want.absentPorts()) {
            movedBack(bridge.name(), bridge.ports(), node, steps);
        }
        for (String bridge : want.absentBridges()) {
            movedBack(bridge, have == null ? List.of() : have.bridge(bridge).map(OvsBridge::ports).orElse(List.of()),
                    node, steps);
        }
        for (OvsBridge bridge : want.absentPorts()) {
            for (String port : bridge.ports()) {
                if (have == null || have.bridge(bridge.name()).map(b -> b.ports().contains(port)).orElse(false)) {
                    steps.add(Step.of(new SetOvsPort(bridge.name(), port, false), "hwoffload added it"));
                }
            }
        }
        for (String bridge : want.absentBridges()) {
            if (have == null || have.bridge(bridge).isPresent()) {
                steps.add(Step.of(new SetOvsBridge(bridge, false), "hwoffload added it"));
            }
        }
        // Last: a by-hand step stops apply, and everything hwoffload writes itself is done by then.
        steps.addAll(checks);
    }
}
