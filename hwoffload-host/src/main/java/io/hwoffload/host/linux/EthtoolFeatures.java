package io.hwoffload.host.linux;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The netdev features {@code ethtool -k <netdev>} lists, one per line after its {@code Features for <netdev>:}
 * header: {@code hw-tc-offload: off [fixed]}, sub-features indented by a tab. {@code [fixed]} means the driver
 * does not let it change; {@code [requested on]} that a change was asked for and not made.
 */
final class EthtoolFeatures {
    private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z0-9_-]+): (on|off)(?: \\[([a-z ]+)\\])?\\s*");
    /**
     * {@code ethtool -K} also takes the old short names (ethtool(8): rx, tx, sg, tso, gso, gro, lro, rxvlan,
     * txvlan, ntuple, rxhash), while {@code -k} prints only the long ones.
     */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("rx", "rx-checksumming"), Map.entry("tx", "tx-checksumming"),
            Map.entry("sg", "scatter-gather"), Map.entry("tso", "tcp-segmentation-offload"),
            Map.entry("gso", "generic-segmentation-offload"), Map.entry("gro", "generic-receive-offload"),
            Map.entry("lro", "large-receive-offload"), Map.entry("rxvlan", "rx-vlan-offload"),
            Map.entry("txvlan", "tx-vlan-offload"), Map.entry("ntuple", "ntuple-filters"),
            Map.entry("rxhash", "receive-hashing"));

    /** One feature's state. */
    record Feature(boolean on, boolean fixed) {
    }

    private final Map<String, Feature> features;

    private EthtoolFeatures(Map<String, Feature> features) {
        this.features = features;
    }

    static EthtoolFeatures parse(String ethtoolOutput) {
        Map<String, Feature> features = new HashMap<>();
        ethtoolOutput.lines().forEach(line -> {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                features.put(m.group(1), new Feature(m.group(2).equals("on"), "fixed".equals(m.group(3))));
            }
        });
        return new EthtoolFeatures(features);
    }

    /** The feature by the name {@code -k} prints or by its short {@code -K} name ({@code tx}); empty if not listed. */
    Optional<Feature> feature(String name) {
        return Optional.ofNullable(features.get(SHORT_NAMES.getOrDefault(name, name)));
    }
}
