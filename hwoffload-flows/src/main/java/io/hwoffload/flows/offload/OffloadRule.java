package io.hwoffload.flows.offload;

import java.util.Objects;

/**
 * One entry of the rule catalog: a reason that applies to a flow when its condition holds, unless the software is of
 * the versions {@code offloadedFrom} names (null: on every version).
 */
public record OffloadRule(String code, String message, String remedy, FlowCondition when, OffloadedFrom offloadedFrom) {
    public OffloadRule {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, () -> "rule " + code + ": message");
        Objects.requireNonNull(remedy, () -> "rule " + code + ": remedy");
        Objects.requireNonNull(when, () -> "rule " + code + ": when");
    }

    public Reason reason() {
        return new Reason(code, message, remedy);
    }

    /** Whether the rule holds for software of these versions. */
    public boolean holdsFor(SoftwareVersions versions) {
        return offloadedFrom == null || !versions.reach(offloadedFrom);
    }
}
