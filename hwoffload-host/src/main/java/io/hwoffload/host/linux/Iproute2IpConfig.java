package io.hwoffload.host.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.host.HostException;
import io.hwoffload.host.HostNames;
import io.hwoffload.host.IpConfig;
import io.hwoffload.host.exec.CommandResult;
import io.hwoffload.host.exec.CommandRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link IpConfig} by iproute2's {@code ip}, in the caller's network namespace or ({@code namespace} given) in that
 * one ({@code ip -n}). Addresses and routes come from {@code ip -j} (iproute2's JSON: {@code addr_info[]} with
 * {@code local} and {@code prefixlen}; routes with {@code dst}, {@code gateway}, {@code metric}, {@code protocol}),
 * and every value read back is checked as an IP literal before it reaches an argv.
 */
public final class Iproute2IpConfig implements IpConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Characters of IPv4 and IPv6 literals; InetAddress then parses them without resolving anything. */
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]{2,45}");

    private final CommandRunner commands;
    private final String namespace;

    public Iproute2IpConfig(CommandRunner commands, String namespace) {
        this.commands = commands;
        this.namespace = namespace == null ? null : HostNames.requireInterface(namespace);
    }

    @Override
    public Optional<IpAddressing> addressing(String netdev) {
        HostNames.requireInterface(netdev);
        CommandResult shown = ip("-j", "addr", "show", "dev", netdev);
        if (!shown.succeeded()) {
            return Optional.empty();   // "Device does not exist"
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode link : parse(shown)) {
            for (JsonNode address : link.path("addr_info")) {
                boolean ip = address.path("family").asText().startsWith("inet");
                if (ip && "global".equals(address.path("scope").asText("global"))) {
                    addresses.add(cidr(address.path("local").asText(), address.path("prefixlen").asInt(-1)));
                }
            }
        }
        List<IpAddressing.Route> routes = new ArrayList<>();
        for (String family : List.of("-4", "-6")) {
            for (JsonNode route : parse(ip("-j", family, "route", "show", "dev", netdev).requireSuccess())) {
                String protocol = route.path("protocol").asText("");
                String destination = route.path("dst").asText("");
                if (protocol.equals("kernel") || destination.startsWith("fe80:") || destination.startsWith("ff00:")) {
                    continue;   // the kernel's own: they follow the addresses
                }
                routes.add(new IpAddressing.Route(destination(destination),
                        route.has("gateway") ? literal(route.path("gateway").asText()) : null,
                        route.has("metric") ? route.path("metric").asInt() : null));
            }
        }
        return Optional.of(new IpAddressing(addresses, routes));
    }

    @Override
    public void setUp(String netdev) {
        change("link", "set", HostNames.requireInterface(netdev), "up");
    }

    @Override
    public void addAddress(String netdev, String cidr) {
        change("addr", "add", checkedCidr(cidr), "dev", HostNames.requireInterface(netdev));
    }

    @Override
    public void deleteAddress(String netdev, String cidr) {
        change("addr", "del", checkedCidr(cidr), "dev", HostNames.requireInterface(netdev));
    }

    @Override
    public void replaceRoute(IpAddressing.Route route, String netdev) {
        destination(route.destination());
        if (route.gateway() != null) {
            literal(route.gateway());
        }
        List<String> args = new ArrayList<>(List.of("route", "replace"));
        args.addAll(route.words(HostNames.requireInterface(netdev)));
        change(args.toArray(new String[0]));
    }

    private void change(String... args) {
        CommandResult result = ip(args);
        if (!result.succeeded()) {
            throw new HostException(result.commandLine() + " failed: " + result.complaint());
        }
    }

    private CommandResult ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        if (namespace != null) {
            argv.addAll(List.of("-n", namespace));
        }
        argv.addAll(List.of(args));
        return commands.run(argv);
    }

    private static JsonNode parse(CommandResult result) {
        try {
            String text = result.stdout().isBlank() ? "[]" : result.stdout();
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new HostException(result.commandLine() + " printed no JSON: " + e.getMessage());
        }
    }

    private static String cidr(String address, int prefix) {
        literal(address);
        int max = address.contains(":") ? 128 : 32;
        if (prefix < 0 || prefix > max) {
            throw new HostException("ip printed prefix length " + prefix + " for " + address);
        }
        return address + "/" + prefix;
    }

    private static String checkedCidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new HostException("'" + cidr + "' is not an address/prefix");
        }
        try {
            return cidr(cidr.substring(0, slash), Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new HostException("'" + cidr + "' is not an address/prefix");
        }
    }

    private static String destination(String destination) {
        return destination.equals("default") ? destination
                : destination.contains("/") ? checkedCidr(destination) : literal(destination);
    }

    private static String literal(String text) {
        if (!LITERAL.matcher(text).matches()) {
            throw new HostException("'" + text + "' is not an IP address");
        }
        try {
            InetAddress.getByName(text);
            return text;
        } catch (UnknownHostException e) {
            throw new HostException("'" + text + "' is not an IP address");
        }
    }
}
