package io.hwoffload.core.inventory;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Something discovery noticed but could not read as expected (a missing file, a dangling link,
 * garbage in an attribute). Discovery reports these instead of failing.
 */
public record Finding(Severity severity, String subject, String message) {

    public enum Severity {
        INFO, WARNING;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Finding warning(String subject, String message) {
        return new Finding(Severity.WARNING, subject, message);
    }

    public static Finding info(String subject, String message) {
        return new Finding(Severity.INFO, subject, message);
    }
}
