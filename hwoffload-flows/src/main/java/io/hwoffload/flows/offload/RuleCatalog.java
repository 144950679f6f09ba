package io.hwoffload.flows.offload;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The offload rules: general TC limits plus NIC-specific limits by catalog model. */
public record RuleCatalog(List<OffloadRule> rules, Reason fallback, List<NicLimits> nics) {
    private static final String RESOURCE = "/io/hwoffload/flows/offload-rules.yaml";

    /** The limits of one NIC model, applied when the user names it ({@code --nic}). */
    public record NicLimits(String model, String name, List<OffloadRule> rules) {
        public NicLimits {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    public RuleCatalog {
        rules = List.copyOf(rules);
        nics = List.copyOf(nics);
        Set<String> codes = new HashSet<>();
        codes.add(fallback.code());
        for (OffloadRule rule : allRules(rules, nics)) {
            if (!codes.add(rule.code())) {
                throw new IllegalArgumentException("rule code '" + rule.code() + "' is defined twice");
            }
        }
    }

    private static List<OffloadRule> allRules(List<OffloadRule> rules, List<NicLimits> nics) {
        List<OffloadRule> all = new ArrayList<>(rules);
        nics.forEach(nic -> all.addAll(nic.rules()));
        return all;
    }

    /** The catalog shipped with hwoffload. */
    public static RuleCatalog builtIn() {
        try (InputStream in = RuleCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(in, RuleCatalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public Optional<NicLimits> nic(String model) {
        return nics.stream().filter(nic -> nic.model().equals(model)).findFirst();
    }

    public List<String> nicModels() {
        return nics.stream().map(NicLimits::model).toList();
    }
}
