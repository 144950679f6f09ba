package io.hwoffload.host.apply;

import io.hwoffload.core.plan.Step;

/** Progress of an apply, for a person watching: each step as it starts and once its postcondition holds. */
public interface ApplyListener {

    ApplyListener SILENT = new ApplyListener() {
    };

    default void starting(int number, int total, Step step) {
    }

    default void done(int number, int total, Step step) {
    }
}
