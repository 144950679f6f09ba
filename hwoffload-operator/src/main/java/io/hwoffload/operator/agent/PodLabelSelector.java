package io.hwoffload.operator.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** An equality-based label selector, {@code app=sriovdp[,key=value...]}, checked against the API server's label rules. */
public record PodLabelSelector(Map<String, String> labels) {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

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
            int slash = key.lastIndexOf('/');
            String prefix = slash < 0 ? null : key.substring(0, slash);
            String name = key.substring(slash + 1);
            if ((prefix != null && (prefix.length() > 253 || !PREFIX.matcher(prefix).matches())) || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + key + "' is not a label key ([DNS-subdomain/]name; the name at most"
                        + " 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
            }
            if (!value.isEmpty() && !NAME.matcher(value).matches()) {
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
