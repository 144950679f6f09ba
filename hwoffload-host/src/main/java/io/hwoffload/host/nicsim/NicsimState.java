package io.hwoffload.host.nicsim;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.flows.version.Version;
import io.hwoffload.host.NetlinkQueries;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a nicsim tree knows that sysfs does not show ({@code .nicsim/state.json}): the model, eSwitch modes
 * (devlink's answer), netdev features (ethtool's), the next ifindex, and the real namespaces and veth pairs
 * made for it. Everything sysfs shows lives in the tree's files only.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
final class NicsimState {
    static final int FORMAT = 1;

    private int format = FORMAT;
    private String model;
    private String nodeId;
    private int hostVfs;
    private String kernel;
    private Map<String, EswitchMode> eswitchModes = new TreeMap<>();
    private Map<String, String> firmware = new TreeMap<>();
    private Map<String, Map<String, Boolean>> features = new TreeMap<>();
    private Map<String, Set<String>> fixedFeatures = new TreeMap<>();
    private int nextIfindex = 2;   // 1 is lo
    private RealNetdevs realNetdevs;

    /** For Jackson. */
    private NicsimState() {
    }

    NicsimState(String model, String nodeId, int hostVfs, String kernel) {
        this.model = model;
        this.nodeId = nodeId;
        this.hostVfs = hostVfs;
        this.kernel = kernel;
    }

    /** The emulated kernel's version ({@code uname -r}'s numbers). */
    Version kernel() {
        return Version.of(kernel);
    }

    int format() {
        return format;
    }

    String model() {
        return model;
    }

    /** Short id of the tree: part of its namespace names and of derived MACs. */
    String nodeId() {
        return nodeId;
    }

    /** Host VFs a DPU side represents (0 elsewhere). */
    int hostVfs() {
        return hostVfs;
    }

    EswitchMode eswitchMode(PciAddress pf) {
        return eswitchModes.getOrDefault(pf.toString(), EswitchMode.UNKNOWN);
    }

    void setEswitchMode(PciAddress pf, EswitchMode mode) {
        eswitchModes.put(pf.toString(), mode);
    }

    /** The firmware application the PF's driver loaded when it last probed it; empty for NICs without a choice. */
    Optional<String> firmware(PciAddress pf) {
        return Optional.ofNullable(firmware.get(pf.toString()));
    }

    void setFirmware(PciAddress pf, String application) {
        firmware.put(pf.toString(), application);
    }

    Optional<Boolean> feature(String netdev, String feature) {
        return Optional.ofNullable(features.getOrDefault(netdev, Map.of()).get(feature));
    }

    void setFeature(String netdev, String feature, boolean on) {
        features.computeIfAbsent(netdev, n -> new TreeMap<>()).put(feature, on);
    }

    /** Whether the driver does not let the feature change ({@code [fixed]} in ethtool -k). */
    boolean isFixed(String netdev, String feature) {
        return fixedFeatures.getOrDefault(netdev, Set.of()).contains(feature);
    }

    /** A new netdev: the next ifindex, and hw-tc-offload as its driver starts it. */
    int netdevAdded(String netdev, NicsimLayout.FeatureDefault hwTcOffload) {
        features.put(netdev, new TreeMap<>(Map.of(NetlinkQueries.HW_TC_OFFLOAD, hwTcOffload.on())));
        if (hwTcOffload == NicsimLayout.FeatureDefault.FIXED) {
            fixedFeatures.put(netdev, new TreeSet<>(Set.of(NetlinkQueries.HW_TC_OFFLOAD)));
        }
        return nextIfindex++;
    }

    /** A netdev is gone, and so are its features (a new one starts from the defaults). */
    void netdevRemoved(String netdev) {
        features.remove(netdev);
        fixedFeatures.remove(netdev);
    }

    Optional<RealNetdevs> realNetdevs() {
        return Optional.ofNullable(realNetdevs);
    }

    void setRealNetdevs(RealNetdevs realNetdevs) {
        this.realNetdevs = realNetdevs;
    }

    /** The namespaces and veth pairs made for the tree; each is recorded before it is made. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
    static final class RealNetdevs {
        private String nodeNamespace;
        private List<String> namespaces = new ArrayList<>();
        private List<VethPair> pairs = new ArrayList<>();

        /** For Jackson. */
        private RealNetdevs() {
        }

        RealNetdevs(String nodeNamespace) {
            this.nodeNamespace = nodeNamespace;
        }

        String nodeNamespace() {
            return nodeNamespace;
        }

        List<String> namespaces() {
            return namespaces;
        }

        List<VethPair> pairs() {
            return pairs;
        }
    }
}
