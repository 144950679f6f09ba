package io.hwoffload.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.policy.OffloadPolicyReconciler;
import io.javaoperatorsdk.operator.Operator;

import java.time.Clock;

/**
 * The cluster-wide reconciler, running: one JOSDK operator with the OffloadPolicy controller. Server-side
 * apply is off (patches are JSON patches), and one reconcile runs at a time because each resolves the whole
 * cluster.
 */
public final class OffloadOperator implements AutoCloseable {
    private final Operator operator;

    private OffloadOperator(Operator operator) {
        this.operator = operator;
    }

    public static OffloadOperator start(KubernetesClient client, NicCatalog catalog, DevicePluginMode devicePlugin) {
        Operator operator = new Operator(o -> o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withConcurrentReconciliationThreads(1));
        operator.register(new OffloadPolicyReconciler(catalog, devicePlugin, Clock.systemUTC()));
        operator.start();
        return new OffloadOperator(operator);
    }

    @Override
    public void close() {
        operator.stop();
    }
}
