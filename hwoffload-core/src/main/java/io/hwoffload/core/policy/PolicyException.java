package io.hwoffload.core.policy;

import java.util.List;

/** A policy is invalid; each problem names its field path and the fix. */
public final class PolicyException extends RuntimeException {
    private final List<String> problems;

    public PolicyException(String source, List<String> problems) {
        super(source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
