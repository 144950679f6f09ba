package io.hwoffload.core.doctor;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** One prerequisite checked: its stable id, the verdict, what was found, and the fix when it is not a pass. */
public record Check(String id, Status status, String subject, String finding, String fix) {

    public enum Status {
        PASS, WARN, FAIL;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Check pass(String id, String subject, String finding) {
        return new Check(id, Status.PASS, subject, finding, null);
    }

    static Check warn(String id, String subject, String finding, String fix) {
        return new Check(id, Status.WARN, subject, finding, fix);
    }

    static Check fail(String id, String subject, String finding, String fix) {
        return new Check(id, Status.FAIL, subject, finding, fix);
    }
}
