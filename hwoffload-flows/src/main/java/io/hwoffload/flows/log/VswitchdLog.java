package io.hwoffload.flows.log;

import io.hwoffload.flows.offload.Reason;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ovs-vswitchd's own words on the flows it could not offload, read from its log. The lines it writes
 * (openvswitch/ovs d6a632a9):
 * <ul>
 *   <li>{@code failed to offload flow: <strerror>: <netdev>}, ERR (DBG for ENOSPC and EOPNOTSUPP), from
 *       lib/dpif-offload-tc.c (dpif_netlink in older releases): the netdev is the flow's input port;</li>
 *   <li>{@code received NAK error=<n> - <message>}, netlink_socket DBG: the kernel's extack message, the driver's words
 *       ("matching on ct_state +rel isn't supported"), which comes before the failure on the same thread;</li>
 *   <li>{@code flow_put: <what>} and {@code offloading ... isn't supported}, netdev_offload_tc: what OVS itself refused,
 *       with no port named.</li>
 * </ul>
 * A line of another shape is skipped: the log holds everything ovs-vswitchd says.
 */
public final class VswitchdLog {
    /** {@code 2023-01-13T06:50:43.423Z|00290|netdev_offload_tc(handler3)|ERR|message}. */
    private static final Pattern LINE = Pattern.compile(
            "(\\S+)\\|\\d+\\|([A-Za-z0-9_]+)(?:\\(([^)]*)\\))?\\|([A-Z]+)\\|(.*)");
    private static final Pattern FAILED = Pattern.compile("failed to offload flow: (.+): ([^:]+)");
    private static final Pattern NAK = Pattern.compile("received NAK error=(-?\\d+) - (.+)");
    private static final Pattern REFUSED = Pattern.compile("(flow_put: .+|offloading .+ isn't supported.*)");

    private final Map<FailureKey, Tally> failures = new LinkedHashMap<>();
    private final Map<String, Tally> messages = new LinkedHashMap<>();
    /** The kernel's last NAK message per thread, until a failure of that thread takes it. */
    private final Map<String, String> pendingNak = new HashMap<>();

    private record FailureKey(String port, String error, String kernelMessage) {
    }

    private static final class Tally {
        long count;
        String last;

        void add(String timestamp) {
            count++;
            last = timestamp;
        }
    }

    /** One line of the log, in order. */
    public void accept(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return;
        }
        String timestamp = m.group(1);
        String threadName = Objects.toString(m.group(3), "");
        String message = m.group(5).strip();
        Matcher nak = NAK.matcher(message);
        if (nak.matches()) {
            pendingNak.put(threadName, nak.group(2).strip());
            return;
        }
        Matcher failed = FAILED.matcher(message);
        if (failed.matches()) {
            String kernel = pendingNak.remove(threadName);
            failures.computeIfAbsent(new FailureKey(failed.group(2).strip(), failed.group(1).strip(), kernel),
                    k -> new Tally()).add(timestamp);
            return;
        }
        if (REFUSED.matcher(message).matches()) {
            messages.computeIfAbsent(message, k -> new Tally()).add(timestamp);
        }
    }

    /** Offload failures by input port, the most frequent first. */
    public List<Failure> failures() {
        List<Failure> list = new ArrayList<>();
        failures.forEach((key, tally) -> list.add(new Failure(key.port(), key.error(), key.kernelMessage(), tally.count,
                tally.last)));
        list.sort(Comparator.comparingLong(Failure::count).reversed().thenComparing(Failure::port));
        return list;
    }

    /** What OVS's TC offload refused, with no port named, the most frequent first. */
    public List<Message> messages() {
        List<Message> list = new ArrayList<>();
        messages.forEach((text, tally) -> list.add(new Message(text, tally.count, tally.last)));
        list.sort(Comparator.comparingLong(Message::count).reversed().thenComparing(Message::text));
        return list;
    }

    /**
     * The reason the log gives for flows entering by {@code port}, one for all its failures there (their errors and
     * the kernel's messages, each once); none when the log has no failure on that port.
     */
    public List<Reason> reasonsFor(String port) {
        List<Failure> here = failures().stream().filter(f -> f.port().equals(port)).toList();
        if (here.isEmpty()) {
            return List.of();
        }
        long count = here.stream().mapToLong(Failure::count).sum();
        String last = here.stream().map(Failure::last).max(String::compareTo).orElseThrow();
        List<String> errors = here.stream().map(Failure::error).distinct().toList();
        List<String> kernel = here.stream().map(Failure::kernelMessage).filter(Objects::nonNull).distinct().toList();
        String message = "ovs-vswitchd logged \"failed to offload flow: " + String.join("\" / \"", errors)
                + "\" for flows entering by " + port + " (" + count + (count == 1 ? " time" : " times") + ", last " + last + ")"
                + (kernel.isEmpty() ? "" : "; the kernel said: \"" + String.join("\", \"", kernel) + "\"");
        String remedy = kernel.isEmpty()
                ? "Get the driver's own words: ovs-appctl vlog/set netlink_socket:dbg, then look for \"received NAK\""
                + " before the failure; tc -s filter show dev " + port + " ingress and dmesg show what the NIC took"
                : "The kernel's message is the driver's reason: change the OpenFlow pipeline or the NIC settings it"
                + " names, or accept software forwarding for these flows";
        return List.of(new Reason(Failure.CODE, message, remedy));
    }

    /** {@code failed to offload flow} for flows entering by {@code port}, with the kernel's message when logged. */
    public record Failure(String port, String error, String kernelMessage, long count, String last) {
        public static final String CODE = "log.failed_to_offload";
    }

    /** A line of what OVS's TC offload refused ({@code flow_put: recirc_id sharing not supported}). */
    public record Message(String text, long count, String last) {
    }
}
