package io.hwoffload.operator.deviceplugin;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.hwoffload.core.deviceplugin.DevicePool;
import io.hwoffload.operator.deviceplugin.api.DevicePluginOptions;
import io.hwoffload.operator.deviceplugin.api.RegisterRequest;
import io.hwoffload.operator.deviceplugin.api.RegistrationGrpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node's kubelet device plugin: one endpoint (a gRPC server on {@code <kubelet dir>/<socket>}) per resource
 * pool, each registered with the kubelet on {@code kubelet.sock}. {@link #update} takes the pools as discovery
 * sees them; {@link #checkKubelet} re-registers after a kubelet restart, which deletes and re-creates
 * {@code kubelet.sock} and removes the plugins' sockets (k8s.io/kubelet deviceplugin v1beta1: every plugin must
 * notice and register again). Not thread-safe: one caller drives it.
 */
public final class NodeDevicePlugin implements AutoCloseable {
    static final String API_VERSION = "v1beta1";
    static final String KUBELET_SOCKET = "kubelet.sock";
    private static final long REGISTER_DEADLINE_SECONDS = 5;

    private final Path kubeletDirectory;
    private final Path sysfsRoot;
    private final Path deviceInfoDirectory;
    private final Path devRoot;
    private final Consumer<String> log;
    private final DevicePluginMetrics metrics;
    private final UnixSocketGrpc grpc = new UnixSocketGrpc();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    /** As of the last update or kubelet check, for readers on other threads (/healthz). */
    private volatile boolean allRegistered = true;
    /** The kubelet.sock the endpoints registered with (its inode), or null before a registration succeeded. */
    private Object registeredWith;

    private static final class Endpoint {
        final PoolEndpoint service;
        Server server;
        boolean registered;

        Endpoint(PoolEndpoint service) {
            this.service = service;
        }
    }

    /**
     * @param kubeletDirectory    the kubelet's device plugin directory, {@code /var/lib/kubelet/device-plugins}
     * @param deviceInfoDirectory where device-info files go, {@code /var/run/k8s.cni.cncf.io/devinfo/dp}
     * @param log                 receives one line per registration and health change
     */
    public NodeDevicePlugin(Path kubeletDirectory, Path sysfsRoot, Path deviceInfoDirectory, Path devRoot,
                            Consumer<String> log, DevicePluginMetrics metrics) {
        this.metrics = metrics;
        this.kubeletDirectory = kubeletDirectory;
        this.sysfsRoot = sysfsRoot;
        this.deviceInfoDirectory = deviceInfoDirectory;
        this.devRoot = devRoot;
        this.log = log;
    }

    /**
     * Serves every pool in {@code pools}, stops those gone, and registers what the kubelet does not know yet. True
     * when the kubelet is told something new: a pool came or went, or a pool's devices changed.
     */
    public boolean update(List<DevicePool> pools) throws IOException {
        boolean changed = false;
        Map<String, DevicePool> wanted = new LinkedHashMap<>();
        pools.forEach(pool -> wanted.put(pool.qualifiedName(), pool));
        for (String gone : List.copyOf(endpoints.keySet())) {
            if (!wanted.containsKey(gone)) {
                stop(endpoints.remove(gone));
                changed = true;
                log.accept(gone + ": no longer a pool of this node's policies; endpoint stopped");
            }
        }
        for (DevicePool pool : wanted.values()) {
            Endpoint endpoint = endpoints.get(pool.qualifiedName());
            if (endpoint == null) {
                endpoint = new Endpoint(new PoolEndpoint(pool, this::allocator, metrics));
                endpoint.server = grpc.serve(socket(pool), endpoint.service);
                endpoints.put(pool.qualifiedName(), endpoint);
                changed = true;
                logHealth(pool);
            } else if (endpoint.service.update(pool)) {
                changed = true;
                logHealth(pool);
            }
        }
        metrics.pools(pools());
        checkKubelet();
        return changed;
    }

    /** Whether every pool served is registered with the kubelet running now; safe to ask from any thread. */
    public boolean isRegistered() {
        return allRegistered;
    }

    /**
     * Registers the endpoints that are not registered with the kubelet running now: all of them after a kubelet
     * restart (a new kubelet.sock), whose servers are started again when the kubelet removed their sockets.
     */
    public void checkKubelet() throws IOException {
        Path kubelet = kubeletDirectory.resolve(KUBELET_SOCKET);
        Object now = fileKey(kubelet);
        if (now == null) {
            registeredWith = null;
            endpoints.values().forEach(e -> e.registered = false);
            allRegistered = endpoints.isEmpty();
            return;
        }
        if (!Objects.equals(now, registeredWith)) {
            endpoints.values().forEach(e -> e.registered = false);
        }
        boolean everyRegistered = true;
        for (Endpoint endpoint : endpoints.values()) {
            if (endpoint.registered) {
                continue;
            }
            DevicePool pool = endpoint.service.pool();
            if (!Files.exists(socket(pool))) {
                stopServer(endpoint);
                endpoint.server = grpc.serve(socket(pool), endpoint.service);
            }
            endpoint.registered = register(kubelet, pool);
            everyRegistered &= endpoint.registered;
        }
        registeredWith = everyRegistered ? now : registeredWith;
        allRegistered = everyRegistered;
    }

    /** The pools served now, as last updated. */
    public List<DevicePool> pools() {
        return endpoints.values().stream().map(e -> e.service.pool()).toList();
    }

    private boolean register(Path kubelet, DevicePool pool) {
        ManagedChannel channel = grpc.channel(kubelet);
        try {
            RegistrationGrpc.newBlockingStub(channel).withDeadlineAfter(REGISTER_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .register(RegisterRequest.newBuilder().setVersion(API_VERSION).setEndpoint(pool.socketName())
                            .setResourceName(pool.qualifiedName())
                            .setOptions(DevicePluginOptions.newBuilder().setGetPreferredAllocationAvailable(true))
                            .build());
            log.accept(pool.qualifiedName() + ": registered with the kubelet (" + kubelet + ", endpoint "
                    + pool.socketName() + ")");
            metrics.registered(pool.qualifiedName(), true);
            return true;
        } catch (StatusRuntimeException e) {
            log.accept(pool.qualifiedName() + ": the kubelet refused or did not answer the registration ("
                    + e.getStatus().getCode() + ": " + e.getStatus().getDescription() + "); trying again");
            metrics.registered(pool.qualifiedName(), false);
            return false;
        } finally {
            channel.shutdownNow();
        }
    }

    private DeviceAllocator allocator(DevicePool pool) {
        return new DeviceAllocator(pool, sysfsRoot, deviceInfoDirectory, devRoot);
    }

    private void logHealth(DevicePool pool) {
        StringBuilder line = new StringBuilder(pool.qualifiedName() + ": " + pool.healthyCount() + " of "
                + pool.devices().size() + " VF(s) healthy");
        pool.devices().stream().filter(d -> !d.healthy()).limit(3)
                .forEach(d -> line.append("; ").append(d.id()).append(": ").append(d.unhealthyWhy()));
        log.accept(line.toString());
    }

    private Path socket(DevicePool pool) {
        return kubeletDirectory.resolve(pool.socketName());
    }

    private void stop(Endpoint endpoint) throws IOException {
        endpoint.service.closeStreams();
        stopServer(endpoint);
        Files.deleteIfExists(socket(endpoint.service.pool()));
    }

    private static void stopServer(Endpoint endpoint) {
        if (endpoint.server != null) {
            endpoint.server.shutdownNow();
            try {
                endpoint.server.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Inode and time of creation: a re-created socket differs in one of them even when the inode is reused. */
    private static Object fileKey(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        for (Endpoint endpoint : endpoints.values()) {
            stop(endpoint);
        }
        endpoints.clear();
        grpc.close();
    }
}
