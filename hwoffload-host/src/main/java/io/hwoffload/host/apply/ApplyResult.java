package io.hwoffload.host.apply;

import io.hwoffload.core.plan.Disruption;
import io.hwoffload.core.plan.Step;

import java.util.List;
import java.util.Set;

/** The steps an apply ran (their count is the {@code changes: N} line) and what they leave for a person to do. */
public record ApplyResult(List<Step> applied, Set<Disruption> pending) {

    public ApplyResult {
        applied = List.copyOf(applied);
        pending = Set.copyOf(pending);
    }

    public int changes() {
        return applied.size();
    }
}
