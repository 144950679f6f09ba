package io.hwoffload.host.ovs;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * An OVS connection target in OVS's own notation: {@code unix:PATH}, {@code tcp:HOST:PORT}, or a
 * bare socket path. Parsed strictly: the text comes from users and policies.
 */
public record SocketAddressSpec(StandardProtocolFamily family, SocketAddress address, String text) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    public static SocketAddressSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("socket address is empty: expected unix:PATH or tcp:HOST:PORT");
        }
        if (text.startsWith("tcp:")) {
            String hostPort = text.substring(4);
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + text + "': expected tcp:HOST:PORT, e.g. tcp:127.0.0.1:6640");
            }
            String host = hostPort.substring(0, colon);
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + text + "': '" + host + "' is not a host name or address");
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + text + "': port must be 1-65535");
            }
            boolean ipv6 = host.startsWith("[");
            if (ipv6) {
                host = host.substring(1, host.length() - 1);
            }
            return new SocketAddressSpec(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET,
                    new InetSocketAddress(host, port), text);
        }
        String path = text.startsWith("unix:") ? text.substring(5) : text;
        if (path.isEmpty() || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + text + "': expected unix:PATH with a socket path");
        }
        return new SocketAddressSpec(StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(Path.of(path)), text);
    }
}
