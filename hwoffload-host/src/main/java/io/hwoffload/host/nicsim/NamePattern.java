package io.hwoffload.host.nicsim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A name with one placeholder {@code {n}} for a VF index, such as {@code enp3s0f0v{n}} or {@code pf0vf{n}}. */
public record NamePattern(String text) {
    private static final String INDEX = "{n}";

    public NamePattern {
        if (text == null || text.indexOf(INDEX) < 0 || text.indexOf(INDEX) != text.lastIndexOf(INDEX)) {
            throw new IllegalArgumentException("name pattern '" + text + "' must contain {n} (the VF index) exactly once");
        }
    }

    @JsonCreator
    public static NamePattern of(String text) {
        return new NamePattern(text);
    }

    public String format(int index) {
        return text.replace(INDEX, Integer.toString(index));
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
