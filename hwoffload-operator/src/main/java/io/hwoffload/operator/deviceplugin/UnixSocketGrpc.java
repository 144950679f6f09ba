package io.hwoffload.operator.deviceplugin;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * gRPC over Unix domain sockets, as the kubelet speaks its device plugin API: servers on socket files and channels
 * to them, sharing one small epoll event loop (grpc-java's shaded Netty and its native transport; the JDK's own Unix
 * sockets have no HTTP/2 stack for grpc-java).
 */
public final class UnixSocketGrpc implements AutoCloseable {
    private final EventLoopGroup events = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());

    /** Serves {@code service} on {@code socket}, replacing a stale socket file of an earlier run. */
    public Server serve(Path socket, BindableService service) throws IOException {
        Files.deleteIfExists(socket);
        return NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(events)
                .workerEventLoopGroup(events)
                .addService(service)
                .build()
                .start();
    }

    /** A plaintext channel to the server on {@code socket} (a local socket file: no TLS, as the kubelet's). */
    public ManagedChannel channel(Path socket) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(events)
                .usePlaintext()
                .build();
    }

    @Override
    public void close() {
        events.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
