package io.hwoffload.core.render;

import java.util.List;
import java.util.stream.Collectors;

/** The policies cannot be rendered; lists every problem at once, each with its field path and the fix. */
public final class RenderException extends RuntimeException {
    private final List<RenderProblem> problems;

    public RenderException(List<RenderProblem> problems) {
        super("cannot render the policies: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining()));
        this.problems = List.copyOf(problems);
    }

    public List<RenderProblem> problems() {
        return problems;
    }
}
