package io.hwoffload.host.ovs;

/** An active OVSDB monitor; closing it cancels it on the server ({@code monitor_cancel}). */
@FunctionalInterface
public interface OvsdbMonitor extends AutoCloseable {
    @Override
    void close() throws JsonRpcException;
}
