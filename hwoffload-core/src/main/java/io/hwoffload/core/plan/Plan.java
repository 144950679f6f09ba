package io.hwoffload.core.plan;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered steps that take a node from what it has to what its policy wants; empty when it is there.
 * {@code inPlace} names what the policy wants that already holds and that a person would otherwise check by
 * hand (a vendor's firmware); {@code prerequisites} are the vendor's steps hwoffload cannot check.
 */
public record Plan(List<Step> steps, List<String> inPlace, List<String> prerequisites) {

    public Plan {
        steps = List.copyOf(steps);
        inPlace = List.copyOf(inPlace);
        prerequisites = List.copyOf(prerequisites);
    }

    public boolean isConverged() {
        return steps.isEmpty();
    }

    public Set<Disruption> disruptions() {
        Set<Disruption> found = EnumSet.noneOf(Disruption.class);
        steps.forEach(s -> found.add(s.disruption()));
        found.remove(Disruption.NONE);
        return found;
    }
}
