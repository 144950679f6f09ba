package io.hwoffload.core.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
    private final JsonNode node;
    private final String path;
    private final List<String> problems;

    PolicyField(JsonNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    PolicyField field(String name) {
        return new PolicyField(node.path(name), path.isEmpty() ? name : path + "." + name, problems);
    }

    void problem(String message) {
        problems.add(path + ": " + message);
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
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                field(name).problem("unknown field; expected one of " + known);
            }
        }
        return true;
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
