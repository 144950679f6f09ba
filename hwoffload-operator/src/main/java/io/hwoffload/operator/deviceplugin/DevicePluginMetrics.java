package io.hwoffload.operator.deviceplugin;

import io.hwoffload.core.deviceplugin.DevicePool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;

/**
 * The device plugin's Prometheus series, tagged {@code resource} ({@code <prefix>/<name>}): VFs by health as the
 * kubelet was last told, registrations with the kubelet, device lists sent, and Allocate calls. The same for the
 * agent and for {@code hwoffload device-plugin}.
 */
public final class DevicePluginMetrics {
    private final MeterRegistry registry;
    private final MultiGauge devices;

    public DevicePluginMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.devices = MultiGauge.builder("hwoffload.device.plugin.devices")
                .description("VFs of each pool the kubelet was last told about, by health (healthy: offload-ready)")
                .register(registry);
    }

    /** The pools as served now; a pool no longer served loses its series. */
    void pools(List<DevicePool> pools) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (DevicePool pool : pools) {
            long healthy = pool.healthyCount();
            rows.add(MultiGauge.Row.of(Tags.of("resource", pool.qualifiedName(), "health", "healthy"), healthy));
            rows.add(MultiGauge.Row.of(Tags.of("resource", pool.qualifiedName(), "health", "unhealthy"),
                    pool.devices().size() - healthy));
        }
        devices.register(rows, true);
    }

    void registered(String resource, boolean accepted) {
        counter(accepted ? "hwoffload.device.plugin.registrations" : "hwoffload.device.plugin.registration.failures",
                accepted ? "Registrations the kubelet accepted" : "Registrations the kubelet refused or did not answer",
                resource).increment();
    }

    void listSent(String resource) {
        counter("hwoffload.device.plugin.list.updates", "Device lists sent to the kubelet on ListAndWatch streams",
                resource).increment();
    }

    void allocated(String resource, int vfs) {
        counter("hwoffload.device.plugin.allocated.vfs", "VFs handed to containers by Allocate", resource).increment(vfs);
    }

    void allocationFailed(String resource) {
        counter("hwoffload.device.plugin.allocation.failures", "Allocate calls answered with an error", resource)
                .increment();
    }

    private Counter counter(String name, String description, String resource) {
        return Counter.builder(name).description(description).tag("resource", resource).register(registry);
    }
}
