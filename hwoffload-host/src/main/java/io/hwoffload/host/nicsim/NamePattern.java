package io.hwoffload.host.nicsim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name with one placeholder for a VF index, such as {@code enp3s0f0v{n}} or {@code pf0vf{n}}; {@code {n+K}} adds K,
 * for names the kernel numbers after others it made first ({@code eth{n+1}} after a PF representor's eth0).
 */
public record NamePattern(String text) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{n(?:\\+([0-9]{1,3}))?\\}");

    public NamePattern {
        if (text == null || PLACEHOLDER.matcher(text).results().count() != 1) {
            throw new IllegalArgumentException("name pattern '" + text + "' must contain {n} or {n+K} (the VF index,"
                    + " plus K) exactly once");
        }
    }

    @JsonCreator
    public static NamePattern of(String text) {
        return new NamePattern(text);
    }

    public String format(int index) {
        Matcher m = PLACEHOLDER.matcher(text);
        m.find();
        int shift = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        return text.substring(0, m.start()) + (index + shift) + text.substring(m.end());
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
