package io.hwoffload.core.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.pci.PciAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What hwoffload has changed on a node and what it was before: each PF it touched with its original VF count,
 * eSwitch mode and hw-tc-offload; each OVS setting with its original value (null: absent); the bridges and
 * ports it added. Written before each step runs, so that a crash at any point leaves a record that covers
 * every change made; reset returns exactly these, and never anything hwoffload did not change.
 */
public record OwnershipRecord(Map<String, OwnedFunction> functions, Map<String, OriginalSetting> ovsSettings,
                              List<String> bridgesAdded, List<OvsBridge> portsAdded) {

    public static final OwnershipRecord EMPTY = new OwnershipRecord(Map.of(), Map.of(), List.of(), List.of());

    public OwnershipRecord {
        functions = Map.copyOf(functions);
        ovsSettings = Map.copyOf(ovsSettings);
        bridgesAdded = List.copyOf(bridgesAdded);
        portsAdded = List.copyOf(portsAdded);
    }

    /** A PF as it was before hwoffload first changed it. */
    public record OwnedFunction(String netdev, String model, int numVfs, EswitchMode eswitchMode, Boolean hwTcOffload) {
    }

    /** An Open_vSwitch setting's value before hwoffload first set it; null: the key was absent. */
    public record OriginalSetting(OvsColumn column, String key, String value) {
    }

    @JsonIgnore
    public boolean isEmpty() {
        return functions.isEmpty() && ovsSettings.isEmpty() && bridgesAdded.isEmpty() && portsAdded.isEmpty();
    }

    /** What is left to reset once these PFs are back and OVS is restored: the PFs that were not there to restore. */
    public OwnershipRecord remainingAfterReset(Set<String> restored) {
        Map<String, OwnedFunction> left = new LinkedHashMap<>(functions);
        left.keySet().removeAll(restored);
        return new OwnershipRecord(left, Map.of(), List.of(), List.of());
    }

    /** The record once {@code action} has run on a node that looks like {@code before}: originals are kept, never overwritten. */
    public OwnershipRecord claim(Action action, ObservedNode before) {
        Map<String, OwnedFunction> functions = new LinkedHashMap<>(this.functions);
        Map<String, OriginalSetting> settings = new LinkedHashMap<>(this.ovsSettings);
        List<String> bridges = new ArrayList<>(bridgesAdded);
        List<OvsBridge> ports = new ArrayList<>(portsAdded);
        Optional<PciAddress> pf = action.physicalFunction();
        if (pf.isPresent() && !functions.containsKey(pf.get().toString())) {
            before.physicalFunction(pf.get()).ifPresent(p -> functions.put(p.pciAddress().toString(), original(p)));
        }
        if (action instanceof Action.SetOvsSetting) {
            Action.SetOvsSetting set = (Action.SetOvsSetting) action;
            String id = set.column().column() + ":" + set.key();
            if (!settings.containsKey(id) && before.ovs() != null) {
                settings.put(id, new OriginalSetting(set.column(), set.key(), set.column().of(before.ovs()).get(set.key())));
            }
        } else if (action instanceof Action.SetOvsBridge) {
            Action.SetOvsBridge bridge = (Action.SetOvsBridge) action;
            if (bridge.present() && before.ovs() != null && before.ovs().bridge(bridge.bridge()).isEmpty()
                    && !bridges.contains(bridge.bridge())) {
                bridges.add(bridge.bridge());
            }
        } else if (action instanceof Action.SetOvsPort port && port.present()) {
            claimPort(port.bridge(), port.port(), bridges, ports);
        } else if (action instanceof Action.MoveAddressing move && move.intoBridge()) {
            claimPort(move.bridge(), move.port(), bridges, ports);
        }
        return new OwnershipRecord(functions, settings, bridges, ports);
    }

    private static void claimPort(String bridge, String port, List<String> bridges, List<OvsBridge> ports) {
        if (!bridges.contains(bridge) && ports.stream().noneMatch(b -> b.name().equals(bridge) && b.ports().contains(port))) {
            ports.add(new OvsBridge(bridge, List.of(port)));
        }
    }

    private static OwnedFunction original(PhysicalFunction pf) {
        return new OwnedFunction(pf.netdev(), pf.model(), pf.sriov() == null ? 0 : pf.sriov().numVfs(),
                pf.eswitchMode(), pf.hwTcOffload());
    }
}
