package io.hwoffload.operator.agent;

import io.hwoffload.operator.KubernetesNames;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An equality-based label selector, {@code app=sriovdp[,key=value...]}, checked against the API server's label rules. */
public record PodLabelSelector(Map<String, String> labels) {

    public PodLabelSelector {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Parses {@code key=value,...}; the message names the bad part and the rule it breaks. */
    public static PodLabelSelector parse(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String term : text.split(",", -1)) {
            int equals = term.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + term + "' is not key=value (such as app=sriovdp)");
            }
            String key = term.substring(0, equals).trim();
            String value = term.substring(equals + 1).trim();
            if (!KubernetesNames.isLabelKey(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a label key ([DNS-subdomain/]name; the name at most"
                        + " 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
            }
            if (!KubernetesNames.isLabelValue(value)) {
                throw new IllegalArgumentException("'" + value + "' is not a label value (at most 63 letters, digits, '-',"
                        + " '_' or '.', starting and ending with a letter or digit)");
            }
            labels.put(key, value);
        }
        return new PodLabelSelector(labels);
    }

    @Override
    public String toString() {
        return String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
