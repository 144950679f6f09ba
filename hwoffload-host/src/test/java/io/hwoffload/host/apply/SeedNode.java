package io.hwoffload.host.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.plan.CniOvsStart;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.NodeChanges;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.ObservedNode;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.host.ovs.OvsSandbox;
import io.hwoffload.host.ovs.OvsdbClient;
import io.hwoffload.host.ovs.SocketAddressSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seed's setup for apply tests: the example policy, a nicsim node of the seed's model, and, when the policy
 * sets OVS, a real ovsdb-server (OvsSandbox) that {@link #resetOvs} returns to how it started.
 */
final class SeedNode implements AutoCloseable {
    static final NicCatalog CATALOG = NicCatalog.bundled();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the feature table: the example policy file, the document for this node, its nicsim model. */
    record Seed(String policyFile, String policyName, String model, NicsimBoot boot) {
        /** As the seed has the node when it lists it (layouts.yaml's seedBoot: Corigine after its firmware step). */
        Seed(String policyFile, String policyName, String model) {
            this(policyFile, policyName, model, NicsimTreeBuilder.bundled().seedBoot(model));
        }

        @Override
        public String toString() {
            return policyName;
        }
    }

    static final List<Seed> SEEDS = List.of(
            new Seed("yusur-kube-ovn", "yusur-kube-ovn", "yusur-conflux-2200e"),
            new Seed("corigine-kube-ovn", "corigine-kube-ovn", "corigine-agilio-cx"),
            new Seed("yunsilicon-kube-ovn", "yunsilicon-kube-ovn", "yunsilicon-metascale"),
            new Seed("mellanox-antrea", "mellanox-antrea", "mellanox-connectx5"),
            new Seed("bluefield2-ovn-kubernetes", "bluefield2-dpu-host", "nvidia-bluefield2-host"),
            new Seed("bluefield2-ovn-kubernetes", "bluefield2-dpu", "nvidia-bluefield2-dpu"));

    final Seed seed;
    final List<OffloadPolicy> policies;
    private final OvsSandbox ovs;
    private final OvsdbClient client;
    private final OvsConfig initialOvs;
    SimulatedHost host;

    private SeedNode(Seed seed, List<OffloadPolicy> policies, OvsSandbox ovs, OvsdbClient client) throws Exception {
        this.seed = seed;
        this.policies = policies;
        this.ovs = ovs;
        this.client = client;
        this.initialOvs = client == null ? null : client.openVswitch();
    }

    static SeedNode start(Seed seed, Path tree) throws Exception {
        List<OffloadPolicy> policies = policies(seed);
        boolean setsOvs = policies.stream().anyMatch(p -> p.name().equals(seed.policyName()) && p.ovs() != null);
        OvsSandbox ovs = setsOvs ? OvsSandbox.start(0) : null;
        try {
            OvsdbClient client = ovs == null ? null
                    : OvsdbClient.connect(SocketAddressSpec.parse("unix:" + ovs.dbSocket()), Duration.ofSeconds(10));
            if (client != null) {
                startedByTheCni(policies, seed, client);
            }
            SeedNode node = new SeedNode(seed, policies, ovs, client);
            node.newTree(tree);
            return node;
        } catch (Exception e) {
            if (ovs != null) {
                ovs.close();
            }
            throw e;
        }
    }

    /** OVS as the seed's CNI starts it, before hwoffload runs (CniOvsStart: Kube-OVN's hw-offload). */
    private static void startedByTheCni(List<OffloadPolicy> policies, Seed seed, OvsdbClient client) throws Exception {
        for (OffloadPolicy policy : policies) {
            if (policy.name().equals(seed.policyName())) {
                for (Map.Entry<String, String> setting : CniOvsStart.otherConfig(policy).entrySet()) {
                    client.setOtherConfig(setting.getKey(), setting.getValue());
                }
            }
        }
    }

    /** The seed's nicsim node with no OVS: for tests of the NIC part only. */
    static SeedNode withoutOvs(Seed seed, Path tree) throws Exception {
        SeedNode node = new SeedNode(seed, policies(seed), null, null);
        node.newTree(tree);
        return node;
    }

    static List<OffloadPolicy> policies(Seed seed) throws IOException {
        Path file = Path.of("../examples/policies", seed.policyFile() + ".yaml");
        return PolicyReader.read(Files.readAllBytes(file), file.toString());
    }

    /** A fresh nicsim node of the seed's model (as after boot) at {@code tree}. */
    void newTree(Path tree) {
        host = NicsimTreeBuilder.bundled().create(tree, seed.model(), seed.boot(), false);
    }

    NodeObserver observer() {
        return new DiscoveringObserver(host, CATALOG, DeviceNames.none(), new HostVersions(null, null, null, null), client);
    }

    ObservedNode observe() {
        return observer().observe();
    }

    DesiredNode desired() {
        return new NodeConfigResolver(CATALOG).resolve(policies, observe().inventory());
    }

    NodeChanges changes() {
        return new HostNodeChanges(host, client);
    }

    NodeApplier applier(NodeChanges changes) {
        return new NodeApplier(observer(), changes, OwnershipStore.in(host.stateDirectory()), Duration.ofSeconds(5));
    }

    OwnershipStore ownership() {
        return OwnershipStore.in(host.stateDirectory());
    }

    /** The node's state as apply sees it, minus what differs between trees (root path, derived MACs): for comparisons. */
    String fingerprint() throws Exception {
        ObservedNode node = observe();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("nics", node.inventory().nics());
        if (node.ovs() != null) {
            state.put("otherConfig", new java.util.TreeMap<>(node.ovs().otherConfig()));
            state.put("externalIds", new java.util.TreeMap<>(node.ovs().externalIds()));
            state.put("bridges", node.ovs().bridges());
        }
        com.fasterxml.jackson.databind.JsonNode tree = JSON.valueToTree(state);
        tree.findParents("mac").forEach(parent -> ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove("mac"));
        return JSON.writeValueAsString(tree);
    }

    /** OVSDB back to how it was when this node started: keys and bridges added since are removed. */
    void resetOvs() throws Exception {
        if (client == null) {
            return;
        }
        OvsConfig now = client.openVswitch();
        for (String key : now.otherConfig().keySet()) {
            if (!initialOvs.otherConfig().containsKey(key)) {
                client.setOtherConfig(key, null);
            }
        }
        for (String key : now.externalIds().keySet()) {
            if (!initialOvs.externalIds().containsKey(key)) {
                client.setExternalId(key, null);
            }
        }
        for (OvsBridge bridge : now.bridges()) {
            if (initialOvs.bridge(bridge.name()).isEmpty()) {
                client.deleteBridge(bridge.name());
            }
        }
    }

    OvsConfig ovsConfig() throws Exception {
        return client.openVswitch();
    }

    @Override
    public void close() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (ovs != null) {
                ovs.close();
            }
        }
    }
}
