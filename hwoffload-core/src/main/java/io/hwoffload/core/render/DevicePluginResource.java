package io.hwoffload.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwoffload.core.policy.VfRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the SR-IOV device plugin's {@code resourceList}: a resource name and the selectors that pick
 * its VFs. The plugin ANDs the selectors and treats an absent one as "any"; {@code pfNames} and
 * {@code rootDevices} entries are {@code <pf>} (all its VFs) or {@code <pf>#<first>-<last>}.
 */
record DevicePluginResource(String resourcePrefix, String resourceName, boolean isRdma, List<String> vendors,
                            List<String> devices, List<String> drivers, List<String> pfNames,
                            List<String> rootDevices) {

    DevicePluginResource {
        vendors = List.copyOf(vendors);
        devices = List.copyOf(devices);
        drivers = List.copyOf(drivers);
        pfNames = List.copyOf(pfNames);
        rootDevices = List.copyOf(rootDevices);
    }

    String qualifiedName() {
        return resourcePrefix + "/" + resourceName;
    }

    /**
     * One entry for this pool and {@code other}, when they select the same VFs on different PFs (one pool name for
     * the ens1f0 of some nodes and the ens1f1 of others): their PF selectors together. Empty when they differ in
     * anything else, or when only one is scoped to PFs (the other takes every PF).
     */
    Optional<DevicePluginResource> mergedWith(DevicePluginResource other) {
        boolean bothScoped = !(pfNames.isEmpty() && rootDevices.isEmpty())
                && !(other.pfNames.isEmpty() && other.rootDevices.isEmpty());
        if (!bothScoped || !withoutPfs().equals(other.withoutPfs())) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(pfNames);
        other.pfNames.stream().filter(n -> !names.contains(n)).forEach(names::add);
        List<String> roots = new ArrayList<>(rootDevices);
        other.rootDevices.stream().filter(r -> !roots.contains(r)).forEach(roots::add);
        return Optional.of(new DevicePluginResource(resourcePrefix, resourceName, isRdma, vendors, devices, drivers,
                names, roots));
    }

    private DevicePluginResource withoutPfs() {
        return new DevicePluginResource(resourcePrefix, resourceName, isRdma, vendors, devices, drivers, List.of(), List.of());
    }

    /**
     * The entry as config.json holds it; a false isRdma and empty selectors are left out, as the plugin's examples
     * do. isRdma is a selector: the plugin reads it only inside {@code selectors} (sriov-network-device-plugin
     * {@code pkg/types/types.go}, {@code GenericNetDeviceSelectors.IsRdma}, since v3.3) and ignores it silently at
     * the top level of the entry, where a pool then gets no RDMA device.
     */
    ObjectNode toJson() {
        ObjectNode entry = RenderJson.object();
        entry.put("resourcePrefix", resourcePrefix);
        entry.put("resourceName", resourceName);
        ObjectNode selectors = entry.putObject("selectors");
        putList(selectors, "vendors", vendors);
        putList(selectors, "devices", devices);
        putList(selectors, "drivers", drivers);
        putList(selectors, "pfNames", pfNames);
        putList(selectors, "rootDevices", rootDevices);
        if (isRdma) {
            selectors.put("isRdma", true);
        }
        return entry;
    }

    private static void putList(ObjectNode selectors, String name, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(selectors.putArray(name)::add);
        }
    }

    /** An entry read back from config.json (absent fields are empty). */
    static DevicePluginResource fromJson(JsonNode entry) {
        JsonNode selectors = entry.path("selectors");
        return new DevicePluginResource(entry.path("resourcePrefix").asText(""), entry.path("resourceName").asText(""),
                selectors.path("isRdma").asBoolean(false), texts(selectors.path("vendors")), texts(selectors.path("devices")),
                texts(selectors.path("drivers")), texts(selectors.path("pfNames")), texts(selectors.path("rootDevices")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    /**
     * Whether the plugin would put VF {@code vf} of PF {@code pfName} in this pool. {@code vfDriver} null means
     * the catalog does not know the driver, so a driver selector may match it.
     */
    boolean selectsVf(String vfVendor, List<String> vfDevices, String vfDriver, String pfName, int vf) {
        return (vendors.isEmpty() || vendors.contains(vfVendor))
                && (devices.isEmpty() || devices.stream().anyMatch(vfDevices::contains))
                && (drivers.isEmpty() || vfDriver == null || drivers.contains(vfDriver))
                && (pfNames.isEmpty() || pfNames.stream().anyMatch(entry -> entrySelects(entry, pfName, vf)))
                // A PF named here by address cannot be matched to a netdev without an inventory: not proven.
                && rootDevices.isEmpty();
    }

    /**
     * {@code <pf>} or {@code <pf>#<indexes>}, read as the plugin reads it: entries in order, the first that selects
     * {@code vf} wins and the first it cannot parse ends the match (isSelected returns false there).
     */
    private static boolean entrySelects(String entry, String pfName, int vf) {
        int hash = entry.indexOf('#');
        String name = hash < 0 ? entry : entry.substring(0, hash);
        if (!name.equals(pfName)) {
            return false;
        }
        if (hash < 0) {
            return true;
        }
        for (String range : entry.substring(hash + 1).split(",")) {
            try {
                if (VfRange.parse(range).contains(vf)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }
}
