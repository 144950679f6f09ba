package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.OffloadOperator.LeaderElection;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.install.InstallBundle;
import io.hwoffload.operator.install.InstallSettings;
import io.hwoffload.operator.testing.ExamplePolicies;
import io.hwoffload.operator.testing.MockCluster;
import io.hwoffload.operator.testing.RulesReviewCrudDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two operator replicas against one mock API server, electing a leader with the Lease and the RBAC of the install
 * bundle: one holds the Lease and reconciles; when it goes, the other takes the Lease over and reconciles.
 */
class OperatorLeaderElectionTest {
    private static final String NAMESPACE = "hwoffload-system";
    private static final Duration LEASE = Duration.ofSeconds(2);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicInteger lost = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void oneReplicaLeadsAndTheOtherTakesOverWhenItGoes() {
        MockCluster cluster = MockCluster.start(new RulesReviewCrudDispatcher(leaderElectionRole().getRules()));
        closing.add(cluster);
        KubernetesClient client = cluster.client();
        OffloadOperator first = replica(client, "replica-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> "replica-a".equals(holder(client)));
        OffloadOperator second = replica(client, "replica-b");

        client.resource(ExamplePolicies.single("mellanox-antrea")).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(client, "mellanox-antrea"));
        assertThat(holder(client)).isEqualTo("replica-a");
        assertThat(second.liveness()).as("a standby is alive").isEmpty();

        long gone = System.nanoTime();
        first.close();
        assertThat(first.liveness()).as("a stopped reconciler fails liveness").contains("the operator is not running");
        await().atMost(Duration.ofSeconds(15)).until(() -> "replica-b".equals(holder(client)));
        long takeoverMillis = (System.nanoTime() - gone) / 1_000_000;
        client.resource(ExamplePolicies.single("yusur-kube-ovn")).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(client, "yusur-kube-ovn"));

        assertThat(takeoverMillis).as("taken over within a lease and a few retries").isLessThan(LEASE.toMillis() * 5);
        assertThat(lost).as("a graceful stop is not a lost lease, and the standby never held one to lose").hasValue(0);
    }

    private OffloadOperator replica(KubernetesClient client, String identity) {
        LeaderElection election = new LeaderElection(NAMESPACE, InstallBundle.LEADER_LEASE, identity, LEASE,
                Duration.ofMillis(1500), Duration.ofMillis(250), lost::incrementAndGet);
        OffloadOperator operator = OffloadOperator.start(client, NicCatalog.bundled(), DevicePluginMode.BUILTIN, election);
        closing.add(operator);
        return operator;
    }

    private static Role leaderElectionRole() {
        List<HasMetadata> objects = new InstallBundle(new InstallSettings(NAMESPACE, "hwoffload:dev", "Y2E=")).objects();
        return objects.stream().filter(o -> o instanceof Role && NAMESPACE.equals(o.getMetadata().getNamespace()))
                .map(Role.class::cast)
                .filter(r -> r.getRules().stream().anyMatch(rule -> rule.getResources().contains("leases")))
                .findFirst().orElseThrow();
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(InstallBundle.LEADER_LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static boolean accepted(KubernetesClient client, String name) {
        OffloadPolicyResource policy = client.resources(OffloadPolicyResource.class).withName(name).get();
        return policy != null && policy.getStatus() != null && policy.getStatus().conditions() != null
                && policy.getStatus().conditions().stream().anyMatch(c -> "Accepted".equals(c.getType()));
    }
}
