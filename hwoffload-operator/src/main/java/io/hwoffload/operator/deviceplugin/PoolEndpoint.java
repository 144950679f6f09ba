package io.hwoffload.operator.deviceplugin;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hwoffload.core.deviceplugin.DevicePool;
import io.hwoffload.core.deviceplugin.PoolDevice;
import io.hwoffload.core.deviceplugin.PreferredAllocation;
import io.hwoffload.operator.deviceplugin.api.AllocateRequest;
import io.hwoffload.operator.deviceplugin.api.AllocateResponse;
import io.hwoffload.operator.deviceplugin.api.ContainerAllocateRequest;
import io.hwoffload.operator.deviceplugin.api.ContainerPreferredAllocationRequest;
import io.hwoffload.operator.deviceplugin.api.ContainerPreferredAllocationResponse;
import io.hwoffload.operator.deviceplugin.api.Device;
import io.hwoffload.operator.deviceplugin.api.DevicePluginGrpc;
import io.hwoffload.operator.deviceplugin.api.DevicePluginOptions;
import io.hwoffload.operator.deviceplugin.api.Empty;
import io.hwoffload.operator.deviceplugin.api.ListAndWatchResponse;
import io.hwoffload.operator.deviceplugin.api.NUMANode;
import io.hwoffload.operator.deviceplugin.api.PreStartContainerRequest;
import io.hwoffload.operator.deviceplugin.api.PreStartContainerResponse;
import io.hwoffload.operator.deviceplugin.api.PreferredAllocationRequest;
import io.hwoffload.operator.deviceplugin.api.PreferredAllocationResponse;
import io.hwoffload.operator.deviceplugin.api.TopologyInfo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kubelet's view of one resource pool: ListAndWatch streams the pool's VFs and sends the list again whenever
 * a VF's health (or the set of VFs) changes; Allocate hands out what sriov-network-device-plugin hands out.
 */
final class PoolEndpoint extends DevicePluginGrpc.DevicePluginImplBase {
    static final String HEALTHY = "Healthy";
    static final String UNHEALTHY = "Unhealthy";

    private final List<StreamObserver<ListAndWatchResponse>> watchers = new CopyOnWriteArrayList<>();
    private final Function<DevicePool, DeviceAllocator> allocators;
    private final DevicePluginMetrics metrics;
    private volatile DevicePool pool;
    private volatile ListAndWatchResponse devices;

    PoolEndpoint(DevicePool pool, Function<DevicePool, DeviceAllocator> allocators, DevicePluginMetrics metrics) {
        this.allocators = allocators;
        this.metrics = metrics;
        this.pool = pool;
        this.devices = devices(pool);
    }

    DevicePool pool() {
        return pool;
    }

    /** Takes the pool as discovery sees it now; the watchers get the new list when it differs (then true). */
    boolean update(DevicePool now) {
        ListAndWatchResponse list = devices(now);
        pool = now;
        if (list.equals(devices)) {
            return false;
        }
        devices = list;
        for (StreamObserver<ListAndWatchResponse> watcher : watchers) {
            send(watcher, list);
        }
        return true;
    }

    /** Ends every ListAndWatch stream, as the plugin goes away (the kubelet then marks the devices unhealthy). */
    void closeStreams() {
        for (StreamObserver<ListAndWatchResponse> watcher : watchers) {
            try {
                watcher.onCompleted();
            } catch (RuntimeException e) {
                // the kubelet is gone already
            }
        }
        watchers.clear();
    }

    @Override
    public void getDevicePluginOptions(Empty request, StreamObserver<DevicePluginOptions> response) {
        response.onNext(DevicePluginOptions.newBuilder().setGetPreferredAllocationAvailable(true).build());
        response.onCompleted();
    }

    @Override
    public void listAndWatch(Empty request, StreamObserver<ListAndWatchResponse> response) {
        ServerCallStreamObserver<ListAndWatchResponse> stream = (ServerCallStreamObserver<ListAndWatchResponse>) response;
        stream.setOnCancelHandler(() -> watchers.remove(response));
        watchers.add(response);
        send(response, devices);
    }

    @Override
    public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response) {
        DevicePool current = pool;
        Map<String, PoolDevice> byId = current.devices().stream().collect(Collectors.toMap(PoolDevice::id, d -> d));
        AllocateResponse.Builder answer = AllocateResponse.newBuilder();
        DeviceAllocator allocator = allocators.apply(current);
        for (ContainerAllocateRequest container : request.getContainerRequestsList()) {
            for (String id : container.getDevicesIdsList()) {
                if (!byId.containsKey(id)) {
                    metrics.allocationFailed(current.qualifiedName());
                    response.onError(Status.INVALID_ARGUMENT.withDescription(id + " is not a VF of "
                            + current.qualifiedName()).asRuntimeException());
                    return;
                }
            }
            try {
                answer.addContainerResponses(allocator.allocate(container.getDevicesIdsList().stream()
                        .map(byId::get).toList()));
            } catch (DeviceAllocationException e) {
                metrics.allocationFailed(current.qualifiedName());
                response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
        }
        request.getContainerRequestsList().forEach(c -> metrics.allocated(current.qualifiedName(), c.getDevicesIdsCount()));
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void getPreferredAllocation(PreferredAllocationRequest request, StreamObserver<PreferredAllocationResponse> response) {
        Map<String, PoolDevice> byId = pool.devices().stream().collect(Collectors.toMap(PoolDevice::id, d -> d));
        PreferredAllocationResponse.Builder answer = PreferredAllocationResponse.newBuilder();
        for (ContainerPreferredAllocationRequest container : request.getContainerRequestsList()) {
            answer.addContainerResponses(ContainerPreferredAllocationResponse.newBuilder().addAllDeviceIDs(
                    PreferredAllocation.choose(container.getAvailableDeviceIDsList(),
                            container.getMustIncludeDeviceIDsList(), container.getAllocationSize(), byId)));
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void preStartContainer(PreStartContainerRequest request, StreamObserver<PreStartContainerResponse> response) {
        response.onNext(PreStartContainerResponse.getDefaultInstance());
        response.onCompleted();
    }

    private void send(StreamObserver<ListAndWatchResponse> watcher, ListAndWatchResponse list) {
        try {
            synchronized (watcher) {
                watcher.onNext(list);
            }
            metrics.listSent(pool.qualifiedName());
        } catch (RuntimeException e) {
            watchers.remove(watcher);
        }
    }

    private static ListAndWatchResponse devices(DevicePool pool) {
        ListAndWatchResponse.Builder list = ListAndWatchResponse.newBuilder();
        for (PoolDevice device : pool.devices()) {
            Device.Builder d = Device.newBuilder().setID(device.id()).setHealth(device.healthy() ? HEALTHY : UNHEALTHY);
            if (device.numaNode() != null) {
                d.setTopology(TopologyInfo.newBuilder().addNodes(NUMANode.newBuilder().setID(device.numaNode())));
            }
            list.addDevices(d);
        }
        return list.build();
    }
}
