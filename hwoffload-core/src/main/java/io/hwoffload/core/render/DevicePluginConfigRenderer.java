package io.hwoffload.core.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.policy.NicRequest;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.ResourcePool;
import io.hwoffload.core.policy.VfIndexes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SR-IOV device plugin's ConfigMap ({@code kube-system/sriovdp-config}, key {@code config.json}): one
 * resourceList entry per pool of every policy. The plugin reads one ConfigMap for the whole cluster, so the
 * policies' pools are merged into it.
 */
final class DevicePluginConfigRenderer {
    static final String NAMESPACE = "kube-system";
    static final String NAME = "sriovdp-config";
    static final String CONFIG_KEY = "config.json";

    private final PolicyNicModels models;
    private final RenderProblems problems;

    DevicePluginConfigRenderer(PolicyNicModels models, RenderProblems problems) {
        this.models = models;
        this.problems = problems;
    }

    /** The ConfigMap, or null when no policy has a pool (there is nothing for the plugin to advertise). */
    ConfigMap render(List<OffloadPolicy> policies) {
        Map<String, PoolOrigin> resources = new LinkedHashMap<>();
        for (OffloadPolicy policy : policies) {
            Optional<NicModel> model = models.of(policy);
            if (model.isEmpty()) {
                continue;
            }
            for (int i = 0; i < policy.resourcePools().size(); i++) {
                String field = "spec.resourcePools[" + i + "]";
                DevicePluginResource resource = resource(policy, field, policy.resourcePools().get(i), model.get());
                PoolOrigin first = resources.putIfAbsent(resource.qualifiedName(), new PoolOrigin(policy, field, resource));
                Optional<DevicePluginResource> merged = first == null ? Optional.empty() : first.resource().mergedWith(resource);
                if (merged.isPresent()) {
                    resources.put(resource.qualifiedName(), new PoolOrigin(first.policy(), first.field(), merged.get()));
                } else if (first != null && !first.resource().equals(resource)) {
                    problems.add(policy, field + ".resourceName", resource.qualifiedName() + " is also "
                            + RenderProblems.path(first.policy(), first.field()) + ", which selects other VFs (there "
                            + first.resource().toJson().get("selectors") + ", here " + resource.toJson().get("selectors")
                            + "); the device plugin has one pool per name: give this pool its own resourceName, or make"
                            + " both select the same VFs");
                }
            }
        }
        if (resources.isEmpty()) {
            return null;
        }
        ObjectNode config = RenderJson.object();
        ArrayNode resourceList = config.putArray("resourceList");
        resources.values().forEach(origin -> resourceList.add(origin.resource().toJson()));
        return new ConfigMapBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .addToData(CONFIG_KEY, RenderJson.pretty(config))
                .build();
    }

    private record PoolOrigin(OffloadPolicy policy, String field, DevicePluginResource resource) {
    }

    /**
     * The pool's entry: the catalog's VF ids and driver for the policy's NIC, scoped to the policy's PFs when it names
     * them: a vendor/device/driver selector alone would also take the VFs of another card of the same model that the
     * policy does not configure (a second ConnectX-5 in legacy mode, say). A part of the VFs is selected per PF as
     * {@code <pf>#0,2-7}, which sriov-network-device-plugin reads as VF indexes and inclusive ranges
     * ({@code pkg/resources/deviceSelectors.go} isSelected, at commit 40b6f507); a PF name alone selects all its VFs.
     */
    private DevicePluginResource resource(OffloadPolicy policy, String field, ResourcePool pool, NicModel model) {
        NicRequest nic = policy.nic();
        List<String> pfNames = new ArrayList<>();
        List<String> rootDevices = new ArrayList<>();
        boolean partial = isPartial(pool.vfs(), nic.numVfs());
        String range = partial ? "#" + pool.vfs() : "";
        nic.pfNames().forEach(pf -> pfNames.add(pf + range));
        nic.rootDevices().forEach(pci -> rootDevices.add(pci + range));
        if (partial) {
            if (pfNames.isEmpty() && rootDevices.isEmpty()) {
                problems.add(policy, field + ".vfRange", "VFs " + pool.vfs() + " are not all of the PF's VFs,"
                        + " and the device plugin selects part of a PF's VFs only by PF (<pf>#" + pool.vfs()
                        + "); name the PFs in spec.nicSelector.pfNames or rootDevices, or let the pool have every VF");
            }
        }
        List<String> devices = model.vf().devices().stream().sorted().toList();
        List<String> drivers = model.vf().driver() == null ? List.of() : List.of(model.vf().driver());
        return new DevicePluginResource(pool.resourcePrefix(), pool.resourceName(), pool.isRdma(),
                List.of(model.vf().vendor()), devices, drivers, pfNames, rootDevices);
    }

    private static boolean isPartial(VfIndexes vfs, Integer numVfs) {
        return numVfs == null || !vfs.isAll(numVfs);
    }

    /** The entries of a rendered ConfigMap's config.json. */
    static List<DevicePluginResource> resources(ConfigMap configMap) {
        List<DevicePluginResource> resources = new ArrayList<>();
        if (configMap != null) {
            RenderJson.parse(configMap.getData().get(CONFIG_KEY)).path("resourceList")
                    .forEach(entry -> resources.add(DevicePluginResource.fromJson(entry)));
        }
        return resources;
    }
}
