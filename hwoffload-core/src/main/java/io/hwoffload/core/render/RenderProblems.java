package io.hwoffload.core.render;

import io.hwoffload.core.policy.OffloadPolicy;

import java.util.ArrayList;
import java.util.List;

/** The problems found while rendering, collected so that all of them are reported together. */
final class RenderProblems {
    private final List<RenderProblem> problems = new ArrayList<>();

    /** A problem with {@code field} (such as {@code spec.nicSelector}) of one policy. */
    void add(OffloadPolicy policy, String field, String message) {
        problems.add(new RenderProblem(path(policy, field), message));
    }

    /** The path of a policy's field as problems name it: {@code policies[<name>].<field>}. */
    static String path(OffloadPolicy policy, String field) {
        return "policies[" + policy.name() + "]." + field;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new RenderException(problems);
        }
    }
}
