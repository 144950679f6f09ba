package io.hwoffload.operator.deviceplugin;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.hwoffload.operator.deviceplugin.api.DevicePluginGrpc;
import io.hwoffload.operator.deviceplugin.api.Empty;
import io.hwoffload.operator.deviceplugin.api.ListAndWatchResponse;
import io.hwoffload.operator.deviceplugin.api.RegisterRequest;
import io.hwoffload.operator.deviceplugin.api.RegistrationGrpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's side of the device plugin API, as a test needs it: a Registration server on
 * {@code <dir>/kubelet.sock} that records each request, and a DevicePlugin client per registered endpoint. A
 * restart deletes the plugins' sockets and re-creates kubelet.sock, as the kubelet's device manager does.
 */
public final class FakeKubelet implements AutoCloseable {
    private final Path directory;
    private final UnixSocketGrpc grpc = new UnixSocketGrpc();
    private final BlockingQueue<RegisterRequest> registrations = new LinkedBlockingQueue<>();
    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
    private Server server;

    public FakeKubelet(Path directory) throws IOException {
        this.directory = directory;
        start();
    }

    private void start() throws IOException {
        server = grpc.serve(directory.resolve("kubelet.sock"), new RegistrationGrpc.RegistrationImplBase() {
            @Override
            public void register(RegisterRequest request, StreamObserver<Empty> response) {
                registrations.add(request);
                response.onNext(Empty.getDefaultInstance());
                response.onCompleted();
            }
        });
    }

    /** The next registration, waiting up to {@code seconds}; null when none came. */
    public RegisterRequest nextRegistration(long seconds) throws InterruptedException {
        return registrations.poll(seconds, TimeUnit.SECONDS);
    }

    /** A client of the plugin endpoint {@code socketName}, as the kubelet dials it after a registration. */
    public DevicePluginGrpc.DevicePluginBlockingStub plugin(String socketName) {
        ManagedChannel channel = grpc.channel(directory.resolve(socketName));
        channels.add(channel);
        return DevicePluginGrpc.newBlockingStub(channel);
    }

    /** ListAndWatch of {@code socketName}: each list the plugin sends, in order. */
    public BlockingQueue<ListAndWatchResponse> watch(String socketName) {
        BlockingQueue<ListAndWatchResponse> lists = new LinkedBlockingQueue<>();
        Iterator<ListAndWatchResponse> stream = plugin(socketName).listAndWatch(Empty.getDefaultInstance());
        Thread reader = new Thread(() -> {
            try {
                stream.forEachRemaining(lists::add);
            } catch (RuntimeException e) {
                // the stream ended with the test
            }
        }, "fake-kubelet-watch");
        reader.setDaemon(true);
        reader.start();
        return lists;
    }

    /** As a kubelet restart: the plugins' sockets go, kubelet.sock is made anew. */
    public void restart() throws IOException, InterruptedException {
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        start();
    }

    @Override
    public void close() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdownNow);
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        grpc.close();
    }
}
