package io.hwoffload.core.plan;

/** An action in its place in a plan, with why it is there and what it does to a running node. */
public record Step(Action action, String why, Disruption disruption) {

    public static Step of(Action action, String why) {
        return new Step(action, why, Disruption.NONE);
    }
}
