package io.hwoffload.core.plan;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.pci.PciAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One change to a node: what it does ({@link #applyTo}), the shell command a person would type for it
 * ({@link #command}), what must hold before it ({@link #blocker}) and how to tell it is done ({@link #isDone}).
 * Pre- and postconditions read only an {@link ObservedNode}, so the executor checks them against a fresh
 * discovery, the same way on a real host and on nicsim.
 */
public interface Action {

    /** The shell equivalent, as the vendors' guides write it. */
    String command();

    /** The postcondition. */
    boolean isDone(ObservedNode node);

    /** Why the action cannot run now, if it cannot: the precondition. */
    Optional<String> blocker(ObservedNode node);

    void applyTo(NodeChanges changes);

    /** The PF whose state this changes, for the ownership record; empty for OVS changes. */
    Optional<PciAddress> physicalFunction();

    /** A step a person must do (a vendor's firmware tool): apply stops before it and says how. */
    default boolean isManual() {
        return false;
    }

    /** {@code echo N > .../sriov_numvfs}; done when the PF has N VFs and each shows up (its virtfn link). */
    record WriteNumVfs(PciAddress pf, String pfNetdev, boolean byPciPath, int numVfs) implements Action {
        @Override
        public String command() {
            String file = byPciPath || pfNetdev == null ? "/sys/bus/pci/devices/" + pf + "/sriov_numvfs"
                    : "/sys/class/net/" + pfNetdev + "/device/sriov_numvfs";
            return "echo " + numVfs + " > " + file;
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.physicalFunction(pf).filter(p -> p.sriov() != null && p.sriov().numVfs() == numVfs
                    && p.vfs().size() == numVfs).isPresent();
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            Optional<PhysicalFunction> found = node.physicalFunction(pf);
            if (found.isEmpty() || found.get().sriov() == null) {
                return Optional.of(pf + " is not an SR-IOV PF on this node");
            }
            int current = found.get().sriov().numVfs();
            if (numVfs > found.get().sriov().totalVfs()) {
                return Optional.of(pf + " has sriov_totalvfs " + found.get().sriov().totalVfs());
            }
            if (current != 0 && numVfs != 0 && current != numVfs) {
                return Optional.of(pf + " has " + current + " VFs; the kernel needs 0 written first");
            }
            return Optional.empty();
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.writeNumVfs(pf, numVfs);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.of(pf);
        }
    }

    /**
     * {@code echo <vf> > /sys/bus/pci/drivers/<driver>/unbind}. {@code driver} is null for a VF a plan expects
     * autoprobe to bind to a driver it cannot name; by the time the step runs, the VF exists and a fresh plan
     * names it.
     */
    record UnbindDriver(PciAddress pf, PciAddress vf, String driver) implements Action {
        @Override
        public String command() {
            return "echo " + vf + " > " + (driver == null ? "/sys/bus/pci/devices/" + vf + "/driver/unbind"
                    : "/sys/bus/pci/drivers/" + driver + "/unbind");
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.virtualFunction(pf, vf).filter(v -> v.driver() == null).isPresent();
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            if (driver == null) {
                return Optional.of(vf + " has no known driver yet");
            }
            return node.virtualFunction(pf, vf).filter(v -> driver.equals(v.driver())).isPresent() ? Optional.empty()
                    : Optional.of(vf + " is not bound to " + driver);
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.unbind(vf, driver);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.of(pf);
        }
    }

    /** {@code echo <vf> > /sys/bus/pci/drivers/<driver>/bind}. */
    record BindDriver(PciAddress pf, PciAddress vf, String driver) implements Action {
        @Override
        public String command() {
            return "echo " + vf + " > /sys/bus/pci/drivers/" + driver + "/bind";
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.virtualFunction(pf, vf).filter(v -> driver.equals(v.driver())).isPresent();
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return node.virtualFunction(pf, vf).filter(v -> v.driver() == null).isPresent() ? Optional.empty()
                    : Optional.of(vf + " does not exist or is bound to another driver");
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.bind(vf, driver);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.of(pf);
        }
    }

    /** {@code devlink dev eswitch set pci/<pf> mode <mode>}. */
    record SetEswitchMode(PciAddress pf, EswitchMode mode) implements Action {
        @Override
        public String command() {
            return "devlink dev eswitch set pci/" + pf + " mode " + mode.label();
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.physicalFunction(pf).filter(p -> p.eswitchMode() == mode).isPresent();
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return node.physicalFunction(pf).isPresent() ? Optional.empty() : Optional.of(pf + " is not on this node");
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.setEswitchMode(pf, mode);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.of(pf);
        }
    }

    /** {@code ethtool -K <netdev> hw-tc-offload on|off} on the PF's uplink (or its netdev before switchdev). */
    record SetHwTcOffload(PciAddress pf, String netdev, boolean on) implements Action {
        @Override
        public String command() {
            return "ethtool -K " + netdev + " hw-tc-offload " + (on ? "on" : "off");
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.physicalFunction(pf).filter(p -> Objects.equals(p.hwTcOffload(), on)).isPresent();
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return node.hasNetdev(netdev) ? Optional.empty() : Optional.of("there is no netdev " + netdev);
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.setHwTcOffload(netdev, on);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.of(pf);
        }
    }

    /** {@code ip link set <netdev> up}. */
    record SetLinkUp(PciAddress pf, String netdev) implements Action {
        @Override
        public String command() {
            return "ip link set " + netdev + " up";
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.physicalFunction(pf).filter(p -> p.link() != null && Boolean.TRUE.equals(p.link().adminUp()))
                    .isPresent();
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return node.hasNetdev(netdev) ? Optional.empty() : Optional.of("there is no netdev " + netdev);
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.setLinkUp(netdev);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.of(pf);
        }
    }

    /** {@code ovs-vsctl set Open_vSwitch . <column>:<key>=<value>}, or {@code remove} when value is null. */
    record SetOvsSetting(OvsColumn column, String key, String value) implements Action {
        private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:/-]+");

        @Override
        public String command() {
            if (value == null) {
                return "ovs-vsctl remove Open_vSwitch . " + column.column() + " " + key;
            }
            // ovs-vsctl parses ':' ',' '=' in values itself: quote them for it, then for the shell.
            String shown = PLAIN.matcher(value).matches() && !value.contains(":") ? value : "'\"" + value + "\"'";
            return "ovs-vsctl set Open_vSwitch . " + column.column() + ":" + key + "=" + shown;
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.ovs() != null && Objects.equals(column.of(node.ovs()).get(key), value);
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return node.ovs() != null ? Optional.empty() : Optional.of("OVSDB is not reachable");
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.setOvsSetting(column, key, value);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.empty();
        }
    }

    /**
     * An OVS setting the CNI writes (DesiredOvs.CniOwnedSetting) that holds {@code current}, not {@code value}: done by
     * hand where the CNI takes it. Done when OVSDB holds the value.
     */
    record FixCniSetting(OvsColumn column, String key, String value, String current, DesiredOvs.CniOwnedSetting writer)
            implements Action {
        @Override
        public String command() {
            return String.join(" && ", writer.fix());
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.ovs() != null && Objects.equals(column.of(node.ovs()).get(key), value);
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return Optional.empty();
        }

        @Override
        public void applyTo(NodeChanges changes) {
            throw new UnsupportedOperationException(column.column() + ":" + key + " is " + writer.writer() + "'s: "
                    + command());
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.empty();
        }

        @Override
        public boolean isManual() {
            return true;
        }
    }

    /**
     * The uplink {@code port} joins {@code bridge}, and its addresses and routes move to the bridge's own interface,
     * as seed 004 has it on a BlueField ({@code ip addr add ... dev brp0}, {@code ovs-vsctl add-port brp0 p0}): a
     * port of a bridge takes no IP traffic itself, so addresses left on it cut the node off its network. One step,
     * which NodeChanges undoes when any part of it fails, so the addresses are never on neither. {@code intoBridge}
     * false: back from the bridge to the port, which leaves the bridge (before reset deletes the bridge).
     */
    record MoveAddressing(String bridge, String port, boolean intoBridge, IpAddressing moved) implements Action {
        @Override
        public String command() {
            String from = intoBridge ? port : bridge;
            String to = intoBridge ? bridge : port;
            List<String> commands = new ArrayList<>();
            if (intoBridge) {
                commands.add("ip link set " + bridge + " up");
            } else {
                commands.add("ovs-vsctl del-port " + bridge + " " + port);
            }
            moved.addresses().forEach(a -> commands.add("ip addr add " + a + " dev " + to));
            if (intoBridge) {
                commands.add("ovs-vsctl add-port " + bridge + " " + port);
            }
            moved.routes().forEach(r -> commands.add("ip route replace " + String.join(" ", r.words(to))));
            moved.addresses().forEach(a -> commands.add("ip addr del " + a + " dev " + from));
            return String.join(" && ", commands);
        }

        @Override
        public boolean isDone(ObservedNode node) {
            boolean inBridge = node.ovs() != null && node.ovs().bridge(bridge).map(b -> b.ports().contains(port)).orElse(false);
            String to = intoBridge ? bridge : port;
            String from = intoBridge ? port : bridge;
            return inBridge == intoBridge && node.addressing(to).addresses().containsAll(moved.addresses())
                    && node.addressing(from).addresses().stream().noneMatch(moved.addresses()::contains);
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            if (node.ovs() == null) {
                return Optional.of("OVSDB is not reachable");
            }
            if (node.ovs().bridge(bridge).isEmpty()) {
                return Optional.of("bridge " + bridge + " does not exist");
            }
            return node.hasInterface(bridge) ? Optional.empty()
                    : Optional.of("bridge " + bridge + " has no interface yet (ovs-vswitchd makes it)");
        }

        @Override
        public void applyTo(NodeChanges changes) {
            changes.moveAddressing(bridge, port, intoBridge, moved);
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.empty();
        }
    }

    /** {@code ovs-vsctl add-br <bridge>} or {@code del-br}. */
    record SetOvsBridge(String bridge, boolean present) implements Action {
        @Override
        public String command() {
            return "ovs-vsctl " + (present ? "add-br " : "del-br ") + bridge;
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.ovs() != null && node.ovs().bridge(bridge).isPresent() == present;
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return node.ovs() != null ? Optional.empty() : Optional.of("OVSDB is not reachable");
        }

        @Override
        public void applyTo(NodeChanges changes) {
            if (present) {
                changes.addOvsBridge(bridge);
            } else {
                changes.deleteOvsBridge(bridge);
            }
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.empty();
        }
    }

    /** {@code ovs-vsctl add-port <bridge> <port>} or {@code del-port}. */
    record SetOvsPort(String bridge, String port, boolean present) implements Action {
        @Override
        public String command() {
            return "ovs-vsctl " + (present ? "add-port " : "del-port ") + bridge + " " + port;
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.ovs() != null && node.ovs().bridge(bridge).map(OvsBridge::ports)
                    .filter(ports -> ports.contains(port)).isPresent() == present;
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            if (node.ovs() == null) {
                return Optional.of("OVSDB is not reachable");
            }
            if (present && node.ovs().bridge(bridge).isEmpty()) {
                return Optional.of("there is no bridge " + bridge);
            }
            return Optional.empty();
        }

        @Override
        public void applyTo(NodeChanges changes) {
            if (present) {
                changes.addOvsPort(bridge, port);
            } else {
                changes.deleteOvsPort(bridge, port);
            }
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.empty();
        }
    }

    /**
     * A vendor's own step (Corigine's flower firmware selection and nfp reload): hwoffload cannot do it safely for
     * every card, so apply stops and prints it. Done when the eSwitch is in the mode that step brings.
     */
    record ManualStep(PciAddress pf, String id, List<String> commands, EswitchMode brings) implements Action {
        public ManualStep {
            commands = List.copyOf(commands);
        }

        @Override
        public String command() {
            return String.join(" && ", commands);
        }

        @Override
        public boolean isDone(ObservedNode node) {
            return node.physicalFunction(pf).filter(p -> p.eswitchMode() == brings).isPresent();
        }

        @Override
        public Optional<String> blocker(ObservedNode node) {
            return Optional.empty();
        }

        @Override
        public void applyTo(NodeChanges changes) {
            throw new UnsupportedOperationException("vendor step " + id + " is done by hand: " + command());
        }

        @Override
        public Optional<PciAddress> physicalFunction() {
            return Optional.of(pf);
        }

        @Override
        public boolean isManual() {
            return true;
        }
    }
}
