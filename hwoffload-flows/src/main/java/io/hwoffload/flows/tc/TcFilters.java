package io.hwoffload.flows.tc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The TC flower filters of {@code tc -s -j filter show dev <port> ingress} (iproute2 6.x, tc/f_flower.c and
 * tc/m_action.c at ee2a4a86), joined to the datapath flows that made them. OVS puts a flow's ufid in its filter's action
 * cookie (lib/dpif-offload-tc-netdev.c: {@code flower.act_cookie.data = ufid}): the 16 bytes of the ovs_u128 as they are
 * in ovs-vswitchd's memory, which tc prints in hex.
 */
public final class TcFilters {
    private final Map<String, TcFilter> byCookie = new LinkedHashMap<>();
    private final Set<String> joined = new HashSet<>();
    private long flowsWithFilter;
    private long flowsWithoutFilter;

    /**
     * One filter: whether the NIC holds it ({@code in_hw}, on how many devices), and its first action's packets in
     * hardware and in software (the kernel prints sw_ and hw_ counters when the driver reports hardware stats).
     */
    public record TcFilter(String cookie, Boolean inHw, Integer inHwCount, Long hwPackets, Long swPackets, Long packets) {
        /** The share of the filter's packets that went through software; empty without hardware counters. */
        public Optional<Double> softwareShare() {
            if (hwPackets == null || swPackets == null || hwPackets + swPackets == 0) {
                return Optional.empty();
            }
            return Optional.of((double) swPackets / (hwPackets + swPackets));
        }
    }

    /**
     * Adds the filters of one {@code tc -s -j filter show} document (a JSON array).
     *
     * @throws IllegalArgumentException when it is not such a document
     */
    public void add(JsonNode document) {
        if (!document.isArray()) {
            throw new IllegalArgumentException("not the output of 'tc -s -j filter show': it is no JSON array");
        }
        for (JsonNode filter : document) {
            JsonNode options = filter.path("options");
            if (!"flower".equals(filter.path("kind").asText()) || options.isMissingNode()) {
                continue;   // the chain and protocol header lines tc prints per chain have no options
            }
            for (JsonNode action : options.path("actions")) {
                String cookie = action.path("cookie").asText(null);
                if (cookie == null) {
                    continue;
                }
                JsonNode stats = action.path("stats");
                byCookie.put(cookie.toLowerCase(Locale.ROOT), new TcFilter(cookie,
                        options.has("in_hw") ? Boolean.TRUE : options.has("not_in_hw") ? Boolean.FALSE : null,
                        options.has("in_hw_count") ? options.path("in_hw_count").asInt() : null,
                        number(stats, "hw_packets"), number(stats, "sw_packets"), number(stats, "packets")));
                break;   // OVS sets the cookie on the filter's actions; the first carries it
            }
        }
    }

    private static Long number(JsonNode stats, String field) {
        return stats.has(field) ? stats.path(field).asLong() : null;
    }

    /**
     * The filter of a flow of the dump, by its ufid as dpctl/dump-flows prints it, if one was read; the flow is counted
     * as one with or without a filter, and the filter as claimed.
     */
    public Optional<TcFilter> claim(String ufid) {
        Optional<String> cookie = cookieOf(ufid);
        Optional<TcFilter> filter = cookie.map(byCookie::get);
        if (filter.isPresent()) {
            joined.add(cookie.get());
            flowsWithFilter++;
        } else {
            flowsWithoutFilter++;
        }
        return filter;
    }

    public long flowsWithFilter() {
        return flowsWithFilter;
    }

    public long flowsWithoutFilter() {
        return flowsWithoutFilter;
    }

    public int size() {
        return byCookie.size();
    }

    /** The cookies of filters no flow of the dump has claimed so far (a flow since removed, or another dump's). */
    public List<String> unclaimed() {
        List<String> left = new ArrayList<>();
        byCookie.keySet().stream().filter(c -> !joined.contains(c)).forEach(left::add);
        return left;
    }

    /**
     * The cookie tc prints for a ufid: OVS prints a ufid as UUID_FMT of its four 32-bit words (lib/uuid.h UUID_ARGS) and
     * keeps the words in host byte order, little-endian on x86 and arm64, so each word's bytes are reversed.
     */
    public static Optional<String> cookieOf(String ufid) {
        if (ufid == null) {
            return Optional.empty();
        }
        String hex = ufid.replace("-", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        StringBuilder cookie = new StringBuilder(32);
        for (int word = 0; word < 4; word++) {
            for (int b = 3; b >= 0; b--) {
                int at = word * 8 + b * 2;
                cookie.append(hex, at, at + 2);
            }
        }
        return Optional.of(cookie.toString());
    }
}
