package io.hwoffload.core.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One field of a policy document with its path ({@code spec.resourcePools[0].vfRange}); reading it adds a
 * problem that names the path and the fix to a shared list instead of stopping at the first one.
 */
final class PolicyField {
    /** How far (in edits, letter case aside) an unknown field may be from a known one to be called its misspelling. */
    private static final int MAX_SUGGESTION_DISTANCE = 2;

    private final JsonNode node;
    private final String path;
    private final List<String> problems;
    /** Paths of known fields that the document misspelt, already reported: their absence is no second problem. */
    private final Set<String> misspelt;

    PolicyField(JsonNode node, String path, List<String> problems) {
        this(node, path, problems, new HashSet<>());
    }

    private PolicyField(JsonNode node, String path, List<String> problems, Set<String> misspelt) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.misspelt = misspelt;
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    PolicyField field(String name) {
        return new PolicyField(node.path(name), child(name), problems, misspelt);
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void problem(String message) {
        problems.add(path + ": " + message);
    }

    /**
     * "missing; {@code fix}", unless the document has this field misspelt: that was reported as an unknown field
     * with its correction, and saying it is missing too would be the same mistake twice.
     */
    void missing(String fix) {
        if (!isMisspelt()) {
            problem("missing; " + fix);
        }
    }

    /** Whether the document has a near-miss of this field's name beside it (numvfs for numVfs). */
    /** Whether the value is a string (rather than a number, a list or a map). */
    boolean isText() {
        return isPresent() && node.isTextual();
    }

    /** The value as written, for a message; empty when absent. */
    String textOrEmpty() {
        return isPresent() ? printable(node.asText(node.toString())) : "";
    }

    boolean isMisspelt() {
        return misspelt.contains(path);
    }

    /** An object whose fields must all be known; a present non-object is a problem. */
    boolean object(Set<String> known) {
        if (!isPresent()) {
            return false;
        }
        if (!node.isObject()) {
            problem("expected an object with fields " + known);
            return false;
        }
        List<String> sorted = known.stream().sorted().toList();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            Optional<String> suggestion = nearest(name, sorted).filter(s -> !node.has(s));
            suggestion.ifPresent(s -> misspelt.add(child(s)));
            field(name).problem("unknown field; " + suggestion.map(s -> "did you mean " + s + "? ").orElse("")
                    + "expected one of " + sorted);
        }
        return true;
    }

    /** The known name closest to {@code name}, when it is close enough to be a misspelling of it. */
    private static Optional<String> nearest(String name, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.min(MAX_SUGGESTION_DISTANCE, Math.max(1, name.length() / 3))
                ? Optional.of(best) : Optional.empty();
    }

    /** Edit distance where swapping two neighbouring letters is one edit (optimal string alignment). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** A string matching {@code pattern}; the fix says what a good value looks like. */
    Optional<String> text(Pattern pattern, String fix) {
        return text(pattern.asMatchPredicate(), fix);
    }

    /** A string that {@code valid} accepts; the fix says what a good value looks like. */
    Optional<String> text(Predicate<String> valid, String fix) {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!node.isTextual() && !node.isNumber()) {
            problem("expected a string; " + fix);
            return Optional.empty();
        }
        String value = node.asText();
        if (!valid.test(value)) {
            problem("'" + printable(value) + "' " + fix);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** A string parsed by {@code parser}, whose IllegalArgumentException message becomes the problem. */
    <T> Optional<T> parsed(Function<String, T> parser) {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!node.isTextual() && !node.isNumber()) {
            problem("expected a string");
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(node.asText()));
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return Optional.empty();
        }
    }

    Optional<Integer> integer(int min, int max, String fix) {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            problem("'" + printable(node.asText(node.toString())) + "' is not a whole number from " + min + " to " + max
                    + "; " + fix);
            return Optional.empty();
        }
        return Optional.of(node.asInt());
    }

    Optional<Double> decimal(double min, double max, String fix) {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            problem("'" + printable(node.asText(node.toString())) + "' is not a number from " + min + " to " + max
                    + "; " + fix);
            return Optional.empty();
        }
        return Optional.of(node.asDouble());
    }

    Optional<Boolean> bool() {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            problem("'" + printable(node.asText(node.toString())) + "' is not true or false");
            return Optional.empty();
        }
        return Optional.of(node.asBoolean());
    }

    /** The elements of a list; a present non-list is a problem. */
    List<PolicyField> elements() {
        List<PolicyField> elements = new ArrayList<>();
        if (!isPresent()) {
            return elements;
        }
        if (!node.isArray()) {
            problem("expected a list");
            return elements;
        }
        for (int i = 0; i < node.size(); i++) {
            elements.add(new PolicyField(node.get(i), path + "[" + i + "]", problems));
        }
        return elements;
    }

    /** The entries of a string-to-string map; a present non-object is a problem. */
    List<Map.Entry<String, PolicyField>> entries() {
        List<Map.Entry<String, PolicyField>> entries = new ArrayList<>();
        if (!isPresent()) {
            return entries;
        }
        if (!node.isObject()) {
            problem("expected a map of names to values");
            return entries;
        }
        node.fieldNames().forEachRemaining(name -> entries.add(Map.entry(name, field(name))));
        return entries;
    }

    /** Text as it may be shown in a message: control characters escaped, long values cut. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.length() > 80 ? out + "..." : out.toString();
    }
}
