package io.hwoffload.operator.agent;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.core.policy.RolloutPolicy;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.host.ovs.SocketAddressSpec;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicySpec.RolloutSpec;
import io.hwoffload.operator.crd.PolicyStatus;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.testing.EvictingCrudDispatcher;
import io.hwoffload.operator.testing.ExamplePolicies;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rollout across a cluster of simulated nodes: the operator and one agent per node in process, each on its own
 * nicsim ConnectX-5, pods holding VFs under a PodDisruptionBudget, and an Eviction API that enforces it
 * ({@link EvictingCrudDispatcher}, test code only). A ReplicaSet's work is done by the test: an evicted VF pod comes
 * back on a schedulable node.
 */
@Timeout(180)
class ClusterRolloutTest {
    private static final int NODES = 10;
    private static final String NAMESPACE = "default";
    private static final String VF_RESOURCE = "mellanox.com/cx5";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
    private final Map<String, LocalNode> locals = new ConcurrentHashMap<>();
    private final Map<String, NodeAgent> agents = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() throws Exception {
        background.shutdownNow();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void aChangeThatNeedsDrainsRollsOutWithinTheBudgetAndThePdb() throws Exception {
        EvictingCrudDispatcher api = new EvictingCrudDispatcher();
        KubernetesClient client = cluster(api);
        startNodesAndAgents(client);
        for (int i = 0; i < NODES; i++) {
            pod(client, "vf-app-" + i, "node-" + i, true);
            pod(client, "plain-" + i, "node-" + i, false);
        }
        client.resource(new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace(NAMESPACE).withName("vf-app")
                .endMetadata().withNewSpec().withMinAvailable(new IntOrString(NODES - 1))
                .withNewSelector().withMatchLabels(Map.of("app", "vf")).endSelector().endSpec().build()).create();
        replaceEvictedVfPods(client);
        client.resource(policy(4, 2)).create();
        awaitEveryNode(client, 4);

        Sample sample = sampleEvery100ms(client);
        long started = System.nanoTime();
        change(client, policy(6, 2));
        awaitEveryNode(client, 6);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(sample.maxUnschedulable.get()).as("nodes cordoned or changing at once").isBetween(1L, 2L);
        assertThat(sample.minVfPods.get()).as("VF pods running: the PDB's minAvailable").isGreaterThanOrEqualTo(NODES - 1);
        assertThat(api.evicted()).as("evictions").isGreaterThanOrEqualTo(NODES);
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).extracting(p -> p.getMetadata().getName())
                .as("drain: vfPods evicts no pod without a VF")
                .contains(IntStream.range(0, NODES).mapToObj(i -> "plain-" + i).toArray(String[]::new));
        assertThat(client.nodes().list().getItems()).noneMatch(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
        // The last node's slot is released after its agent reports Done, which the awaits above may outrun.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.resources(OffloadPolicyResource.class)
                .withName("cx5-rollout").get().getStatus().rollout().summary())
                .isEqualTo(NODES + " done, 0 in progress, 0 waiting"));
        System.out.printf("rollout of %d nodes (maxUnavailable 2): %.1f s, %d evictions, %d refused by the PDB%n%s",
                NODES, seconds, api.evicted(), api.refused(), sample.timeline());
    }

    @Test
    void aPdbThatNeverAllowsTheEvictionPausesTheRolloutAfterTheDrainTimeout() throws Exception {
        EvictingCrudDispatcher api = new EvictingCrudDispatcher();
        KubernetesClient client = cluster(api);
        int nodes = 3;
        startNodesAndAgents(client, nodes, node -> noVswitchd());
        for (int i = 0; i < nodes; i++) {
            pod(client, "vf-app-" + i, "node-" + i, true);
        }
        // Every VF pod must stay: no eviction is ever allowed, so whichever node goes first pauses.
        client.resource(new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace(NAMESPACE).withName("vf-app")
                .endMetadata().withNewSpec().withMinAvailable(new IntOrString(nodes))
                .withNewSelector().withMatchLabels(Map.of("app", "vf")).endSelector().endSpec().build()).create();
        client.resource(policy(4, 1)).create();
        awaitEveryNode(client, nodes, 4);

        long changed = System.nanoTime();
        change(client, policy(6, 1));

        String pausedNode = await().atMost(WAIT).until(() -> pausedNode(client), Objects::nonNull);
        // The drain's 5 s hold (fabric8 retrying each 429 on its own once made one eviction take 20 s).
        assertThat((System.nanoTime() - changed) / 1e9).as("seconds from the change to the pause").isLessThan(15);
        NodeStateStatus paused = status(client, pausedNode);
        String pod = "default/vf-app-" + pausedNode.substring("node-".length());
        assertThat(paused.rollout().message()).startsWith("pods would not leave within 5s: " + pod
                + " (a PodDisruptionBudget allows no eviction now)").contains("the node stays cordoned");
        assertThat(paused.rollout().pausedBecause()).isEqualTo("DrainTimedOut");
        assertThat(paused.conditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("RolloutPaused"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PolicyStatus policy = client.resources(OffloadPolicyResource.class).withName("cx5-rollout").get().getStatus();
            assertThat(policy.rollout()).isNotNull();
            assertThat(policy.rollout().paused()).containsExactly(pausedNode);
            assertThat(policy.conditions()).anySatisfy(c -> assertThat(c.getType() + " " + c.getStatus() + " "
                    + c.getReason() + " " + c.getMessage()).startsWith("RolloutPaused True DrainTimedOut " + pausedNode
                    + ": pods would not leave within 5s").contains(pod));
        });
        Thread.sleep(2000);
        assertThat(IntStream.range(0, nodes).mapToObj(i -> status(client, "node-" + i).vfsConfigured()))
                .as("no node is changed").containsOnly(4);
        assertThat(client.nodes().list().getItems()).filteredOn(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .extracting(n -> n.getMetadata().getName()).containsExactly(pausedNode);
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).as("never bypassed").hasSize(nodes);
        assertThat(api.evicted()).isZero();
    }

    /**
     * Agents killed after the cordon, after the evictions, and after the apply but before the uncordon, and the
     * operator killed with two slots granted: each is replaced by a new one, which knows only what the API server and
     * the node hold, and the rollout completes within its budget with no node left cordoned.
     */
    @Test
    void agentsAndTheOperatorKilledMidRolloutLeaveNothingHalfDone() throws Exception {
        EvictingCrudDispatcher api = new EvictingCrudDispatcher();
        KubernetesClient client = cluster(api);
        int nodes = 4;
        Map<String, CrashingDrain> crashing = new ConcurrentHashMap<>();
        List<CrashingDrain.Point> points = List.of(CrashingDrain.Point.AFTER_CORDON, CrashingDrain.Point.AFTER_EVICTION,
                CrashingDrain.Point.BEFORE_UNCORDON);
        startNodesAndAgents(client, nodes, node -> noVswitchd(), name -> {
            EvictionDrain real = evictionDrain(client, name);
            int index = Integer.parseInt(name.substring("node-".length()));
            if (index >= points.size()) {
                return real;
            }
            CrashingDrain drain = new CrashingDrain(real, points.get(index));
            crashing.put(name, drain);
            return drain;
        });
        for (int i = 0; i < nodes; i++) {
            pod(client, "vf-app-" + i, "node-" + i, true);
        }
        client.resource(policy(4, 2)).create();
        awaitEveryNode(client, nodes, 4);

        Sample sample = sampleEvery100ms(client);
        // Each crashed agent is replaced, as the DaemonSet's restart would; the operator once, with two slots out.
        background.scheduleWithFixedDelay(() -> crashing.forEach((name, drain) -> {
            if (drain.crashed() && crashing.remove(name) != null) {
                agents.get(name).close();
                startAgent(client, name, evictionDrain(client, name), noVswitchd());
            }
        }), 100, 100, TimeUnit.MILLISECONDS);
        AtomicInteger operatorRestarts = new AtomicInteger();
        background.scheduleWithFixedDelay(() -> {
            long granted = client.resources(OffloadNodeStateResource.class).list().getItems().stream()
                    .filter(s -> s.getSpec().disruption() != null).count();
            if (granted == 2 && operatorRestarts.compareAndSet(0, 1)) {
                OffloadOperator operator = (OffloadOperator) closing.stream().filter(c -> c instanceof OffloadOperator)
                        .findFirst().orElseThrow();
                operator.close();
                closing.remove(operator);
                closing.add(OffloadOperator.start(client, SeedNodeFixture.CATALOG, DevicePluginMode.BUILTIN, null));
            }
        }, 50, 50, TimeUnit.MILLISECONDS);

        change(client, policy(6, 2));

        awaitEveryNode(client, nodes, 6);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.nodes().list().getItems()).as("no node left cordoned")
                    .noneMatch(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
            assertThat(crashing).as("every crash happened and was replaced").isEmpty();
        });
        assertThat(operatorRestarts.get()).as("the operator was killed with two slots granted").isEqualTo(1);
        assertThat(sample.maxUnschedulable.get()).as("nodes cordoned or changing at once").isLessThanOrEqualTo(2);
        IntStream.range(0, nodes).forEach(i -> assertThat(status(client, "node-" + i).rollout().phase())
                .as("node-%d", i).isEqualTo("Done"));
    }

    /** Test code: a drain whose agent dies at {@code point} (every time, until the agent is replaced). */
    private static final class CrashingDrain implements NodeDrain {
        enum Point { AFTER_CORDON, AFTER_EVICTION, BEFORE_UNCORDON }

        private final NodeDrain real;
        private final Point point;
        private volatile boolean crashed;

        CrashingDrain(NodeDrain real, Point point) {
            this.real = real;
            this.point = point;
        }

        boolean crashed() {
            return crashed;
        }

        @Override
        public boolean isUnschedulable() {
            return real.isUnschedulable();
        }

        @Override
        public void cordon() {
            real.cordon();
            crashAt(Point.AFTER_CORDON);
        }

        @Override
        public void uncordon() {
            crashAt(Point.BEFORE_UNCORDON);
            real.uncordon();
        }

        @Override
        public Result drain(RolloutPolicy.DrainMode mode, Set<String> vfResources, Instant deadline)
                throws InterruptedException {
            Result result = real.drain(mode, vfResources, deadline);
            crashAt(Point.AFTER_EVICTION);
            return result;
        }

        private void crashAt(Point here) {
            if (here == point) {
                crashed = true;
                throw new IllegalStateException("the agent dies here (" + point + ")");
            }
        }
    }

    private static FlowDumps noVswitchd() {
        return new FlowDumps() {
            @Override
            public String dump() throws IOException {
                throw new IOException("no ovs-vswitchd in this test");
            }

            @Override
            public String description() {
                return "no ovs-vswitchd";
            }
        };
    }

    @Test
    void aNodeThatOffloadsTooLittleStopsTheRolloutThereAndAResumeLetsItGoOn() throws Exception {
        KubernetesClient client = changedWithVerification(0.3, new PolicySpec.VerifySpec(0.9, 1000, "2s", null));

        String pausedNode = await().atMost(WAIT).until(() -> pausedNode(client), Objects::nonNull);
        NodeStateStatus paused = status(client, pausedNode);
        assertThat(paused.rollout().pausedBecause()).isEqualTo("VerificationFailed");
        assertThat(paused.rollout().message()).startsWith("0.30 of 1000 packets offloaded; not offloaded mostly because of ")
                .contains("short of 0.90 of at least 1000 packets offloaded within 2s")
                .contains("kubectl annotate offloadnodestate " + pausedNode + " hwoffload.io/resume-rollout=1");
        assertThat(paused.vfsConfigured()).as("the paused node was changed").isEqualTo(6);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.resources(OffloadPolicyResource.class)
                .withName("cx5-rollout").get().getStatus().conditions()).anySatisfy(c -> assertThat(c.getType() + " "
                + c.getStatus() + " " + c.getReason()).isEqualTo("RolloutPaused True VerificationFailed")));
        Thread.sleep(1500);
        assertThat(IntStream.range(0, 3).mapToObj(i -> status(client, "node-" + i).vfsConfigured()))
                .as("no further node is changed").containsExactlyInAnyOrder(6, 4, 4);

        client.resources(OffloadNodeStateResource.class).withName(pausedNode).edit(s -> {
            s.getMetadata().setAnnotations(Map.of("hwoffload.io/resume-rollout", "1"));
            return s;
        });
        // Resumed, the next node is changed, and pauses too: its offload is as short.
        await().atMost(WAIT).untilAsserted(() -> assertThat(IntStream.range(0, 3)
                .mapToObj(i -> status(client, "node-" + i).vfsConfigured())).containsExactlyInAnyOrder(6, 6, 4));
        assertThat(status(client, pausedNode).rollout().message()).startsWith("resumed by hand");
    }

    @Test
    void withOnFailureContinueTheRolloutGoesOnAndSaysSo() throws Exception {
        KubernetesClient client = changedWithVerification(0.3, new PolicySpec.VerifySpec(0.9, 1000, "1s", "continue"));

        awaitEveryNode(client, 3, 6);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(status(client, "node-" + i).rollout().message())
                        .startsWith("verification failed, going on (onFailure: continue): 0.30 of 1000 packets");
            }
        });
    }

    @Test
    void aNodeThatOffloadsEnoughIsVerifiedAndTheNextGoes() throws Exception {
        KubernetesClient client = changedWithVerification(0.95, new PolicySpec.VerifySpec(0.9, 1000, "1m", null));

        awaitEveryNode(client, 3, 6);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                NodeStateStatus.RolloutStatus rollout = status(client, "node-" + i).rollout();
                assertThat(rollout.phase()).isEqualTo("Done");
                assertThat(rollout.message()).startsWith("verified: 0.95 of 1000 packets offloaded");
            }
        });
    }

    /**
     * Three nodes whose ovs-vswitchd offloads {@code ratio} of its packets, a policy with {@code verify} on them at 4
     * VFs, then changed to 6, one node at a time.
     */
    private KubernetesClient changedWithVerification(double ratio, PolicySpec.VerifySpec verify) throws Exception {
        KubernetesClient client = cluster(new EvictingCrudDispatcher());
        startNodesAndAgents(client, 3, node -> canned(ratio));
        client.resource(policy(4, 1, verify)).create();
        awaitEveryNode(client, 3, 4);
        change(client, policy(6, 1, verify));
        return client;
    }

    /** A dump of two flows: {@code ratio} of 1000 packets in one offloaded to TC, the rest in one sent to userspace. */
    private static FlowDumps canned(double ratio) {
        long offloaded = Math.round(ratio * 1000);
        String dump = "recirc_id(0),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:" + offloaded + ", bytes:"
                + offloaded * 100 + ", used:0.100s, offloaded:yes, dp:tc, actions:3\n"
                + "recirc_id(0),in_port(3),eth_type(0x0800),ipv4(frag=no), packets:" + (1000 - offloaded) + ", bytes:"
                + (1000 - offloaded) * 100 + ", used:0.100s, dp:ovs, actions:userspace(pid=0,controller(reason=1))\n";
        return new FlowDumps() {
            @Override
            public String dump() {
                return dump;
            }

            @Override
            public String description() {
                return "a canned dump";
            }
        };
    }

    /**
     * As a user edits the policy: its spec replaced. The edit carries the resourceVersion it read, so an operator status
     * write in between is a 409, which kubectl edit answers by reading again; so does this.
     */
    private static void change(KubernetesClient client, OffloadPolicyResource policy) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(OffloadPolicyResource.class).withName(policy.getMetadata().getName()).edit(p -> {
                    p.setSpec(policy.getSpec());
                    return p;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static String pausedNode(KubernetesClient client) {
        return client.resources(OffloadNodeStateResource.class).list().getItems().stream()
                .filter(s -> s.getStatus() != null && s.getStatus().rollout() != null
                        && "Paused".equals(s.getStatus().rollout().phase()))
                .map(s -> s.getMetadata().getName()).findFirst().orElse(null);
    }

    private KubernetesClient cluster(EvictingCrudDispatcher api) {
        MockCluster cluster = MockCluster.start(api);
        closing.add(cluster);
        return cluster.client();
    }

    private void startNodesAndAgents(KubernetesClient client) throws Exception {
        startNodesAndAgents(client, NODES, node -> noVswitchd());
    }

    /**
     * {@code count} nodes, the operator, and an agent per node on its own nicsim ConnectX-5 (no OVS: the policy sets
     * none), sampling its coverage from {@code flows} every 200 ms.
     */
    private void startNodesAndAgents(KubernetesClient client, int count, Function<String, FlowDumps> flows) throws Exception {
        startNodesAndAgents(client, count, flows, name -> evictionDrain(client, name));
    }

    private void startNodesAndAgents(KubernetesClient client, int count, Function<String, FlowDumps> flows,
                                     Function<String, NodeDrain> drains) throws Exception {
        for (int i = 0; i < count; i++) {
            String name = "node-" + i;
            Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(Map.of("hwoffload.io/nic", "cx5"))
                    .endMetadata().withNewSpec().withUnschedulable(false).endSpec().build();
            client.resource(node).create();
        }
        closing.add(OffloadOperator.start(client, SeedNodeFixture.CATALOG, DevicePluginMode.BUILTIN, null));
        for (int i = 0; i < count; i++) {
            String name = "node-" + i;
            SimulatedHost host = NicsimTreeBuilder.bundled().create(temp.resolve(name), "mellanox-connectx5", NicsimBoot.DEFAULTS, false);
            LocalNode local = new LocalNode(host, SeedNodeFixture.CATALOG, DeviceNames.none(), SeedNodeFixture.NO_VERSIONS,
                    SocketAddressSpec.parse("unix:/nonexistent/db.sock"), Duration.ofSeconds(5), host.stateDirectory(),
                    Duration.ofSeconds(5));
            closing.add(local);
            locals.put(name, local);
            startAgent(client, name, drains.apply(name), flows.apply(name));
        }
    }

    private EvictionDrain evictionDrain(KubernetesClient client, String name) {
        EvictionDrain drain = new EvictionDrain(client, name, Clock.systemUTC());
        closing.add(drain);
        return drain;
    }

    /** An agent for {@code name} (a new one after a crash: it knows only what the API server and the node hold). */
    private NodeAgent startAgent(KubernetesClient client, String name, NodeDrain drain, FlowDumps flows) {
        Clock clock = Clock.systemUTC();
        NodeAgent agent = new NodeAgent(client, name, new NodeReconciler(locals.get(name), false, drain, clock),
                new CoverageSampler(flows, clock), new AgentMetrics(name), Duration.ofSeconds(2), Duration.ofMillis(200),
                clock);
        closing.add(agent);
        agents.put(name, agent);
        agent.start();
        return agent;
    }

    private static OffloadPolicyResource policy(int numVfs, int maxUnavailable) throws Exception {
        return policy(numVfs, maxUnavailable, null);
    }

    /** Seed 003's ConnectX-5 policy without its OVS part, on every node labelled for it. */
    private static OffloadPolicyResource policy(int numVfs, int maxUnavailable, PolicySpec.VerifySpec verify)
            throws Exception {
        PolicySpec spec = new YAMLMapper().readValue("""
                nodeSelector: {hwoffload.io/nic: cx5}
                nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [enp3s0f0np0]}
                eswitchMode: switchdev
                hwTcOffload: true
                resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5, vfRange: 0-3}]
                cni: {type: antrea}
                """, PolicySpec.class);
        return ExamplePolicies.policy("cx5-rollout", new PolicySpec(spec.nodeSelector(), spec.nicSelector(), numVfs,
                spec.eswitchMode(), spec.hwTcOffload(), spec.resourcePools(), spec.cni(), null,
                new RolloutSpec(new IntOrString(maxUnavailable), "vfPods", "5s", verify, null)));
    }

    /** A pod of a ReplicaSet (so a drain may evict it), holding a VF when {@code vf}. */
    private static void pod(KubernetesClient client, String name, String node, boolean vf) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
                .withLabels(Map.of("app", vf ? "vf" : "plain"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(vf ? "vf-app" : "plain")
                .withUid(vf ? "uid-vf" : "uid-plain").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("busybox")
                .withNewResources().withRequests(vf ? Map.of(VF_RESOURCE, new Quantity("1")) : Map.of())
                .withLimits(vf ? Map.of(VF_RESOURCE, new Quantity("1")) : Map.of()).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        client.resource(pod.build()).create();
    }

    /** As the ReplicaSet and the scheduler would: an evicted VF pod comes back on the schedulable node with the fewest. */
    private void replaceEvictedVfPods(KubernetesClient client) {
        AtomicInteger next = new AtomicInteger(NODES);
        background.scheduleWithFixedDelay(() -> {
            List<Pod> vfPods = client.pods().inNamespace(NAMESPACE).withLabel("app", "vf").list().getItems();
            if (vfPods.size() >= NODES) {
                return;
            }
            Map<String, Long> perNode = new ConcurrentHashMap<>();
            vfPods.forEach(p -> perNode.merge(p.getSpec().getNodeName(), 1L, Long::sum));
            client.nodes().list().getItems().stream()
                    .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                    .map(n -> n.getMetadata().getName())
                    .min(Comparator.comparing((String n) -> perNode.getOrDefault(n, 0L)).thenComparing(n -> n))
                    .ifPresent(node -> pod(client, "vf-app-" + next.getAndIncrement(), node, true));
        }, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void awaitEveryNode(KubernetesClient client, int vfs) {
        awaitEveryNode(client, NODES, vfs);
    }

    private void awaitEveryNode(KubernetesClient client, int count, int vfs) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (int i = 0; i < count; i++) {
                OffloadNodeStateResource state = client.resources(OffloadNodeStateResource.class).withName("node-" + i).get();
                assertThat(state).as("node-%d's state", i).isNotNull();
                NodeStateStatus status = state.getStatus();
                assertThat(status).as("node-%d's status", i).isNotNull();
                assertThat(status.vfsConfigured()).as("node-%d's VFs", i).isEqualTo(vfs);
                assertThat(Objects.equals(status.observedGeneration(), state.getMetadata().getGeneration()))
                        .as("node-%d acted on its spec", i).isTrue();
                assertThat(status.conditions()).anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));
            }
        });
    }

    private static NodeStateStatus status(KubernetesClient client, String node) {
        return Optional.ofNullable(client.resources(OffloadNodeStateResource.class).withName(node).get())
                .map(OffloadNodeStateResource::getStatus).orElse(null);
    }

    /** What a 100 ms sampler saw: the most nodes unschedulable at once, the fewest VF pods, and each phase change. */
    private static final class Sample {
        final AtomicLong maxUnschedulable = new AtomicLong();
        final AtomicLong minVfPods = new AtomicLong(Long.MAX_VALUE);
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<String, String> phases = new ConcurrentHashMap<>();
        final long start = System.nanoTime();

        String timeline() {
            return String.join("\n", events) + "\n";
        }
    }

    private Sample sampleEvery100ms(KubernetesClient client) {
        Sample sample = new Sample();
        background.scheduleAtFixedRate(() -> {
            long unschedulable = client.nodes().list().getItems().stream()
                    .filter(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable())).count();
            sample.maxUnschedulable.accumulateAndGet(unschedulable, Math::max);
            sample.minVfPods.accumulateAndGet(client.pods().inNamespace(NAMESPACE).withLabel("app", "vf").list()
                    .getItems().size(), Math::min);
            for (OffloadNodeStateResource state : client.resources(OffloadNodeStateResource.class).list().getItems()) {
                String phase = Optional.ofNullable(state.getStatus()).map(NodeStateStatus::rollout).map(r -> r.phase())
                        .orElse("-");
                String name = state.getMetadata().getName();
                if (!phase.equals(sample.phases.put(name, phase))) {
                    sample.events.add(String.format("  %6.1f s  %s %s", (System.nanoTime() - sample.start) / 1e9, name, phase));
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        return sample;
    }
}
