package io.hwoffload.cli.node;

import io.hwoffload.core.plan.Disruption;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.Step;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A plan as {@code plan} prints it (table or JSON/YAML) and as {@code apply --dry-run} prints it (shell). */
final class PlanReport {

    /** The JSON/YAML document of {@code plan}. */
    record PlanDocument(List<String> policies, List<StepDocument> steps, List<String> inPlace,
                        List<String> prerequisites, List<String> notes) {
    }

    /** One step: its shell equivalent, why it is there, what it does to the node (none, node-drain, vswitchd-restart). */
    record StepDocument(int number, String command, String why, String disruption, boolean manual) {
    }

    private PlanReport() {
    }

    static PlanDocument document(List<String> policies, Plan plan, Optional<String> ovsNote) {
        List<StepDocument> steps = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            steps.add(new StepDocument(i + 1, step.action().command(), step.why(),
                    step.disruption().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), step.action().isManual()));
        }
        List<String> notes = new ArrayList<>();
        ovsNote.ifPresent(notes::add);
        plan.disruptions().forEach(d -> notes.add(d.advice()));
        return new PlanDocument(policies, steps, plan.inPlace(), plan.prerequisites(), notes);
    }

    static void printTable(PrintWriter out, PlanDocument plan) {
        out.println("policies for this node: " + String.join(", ", plan.policies()));
        if (plan.steps().isEmpty()) {
            out.println("nothing to do: the node matches its policy");
        } else {
            out.println(plan.steps().size() + (plan.steps().size() == 1 ? " step:" : " steps:"));
            int width = String.valueOf(plan.steps().size()).length();
            for (StepDocument step : plan.steps()) {
                out.printf("  %" + width + "d  %s%n", step.number(), step.command());
                out.printf("  %" + width + "s     %s%s%s%n", "", step.why(), step.manual() ? " [by hand]" : "",
                        step.disruption().equals("none") ? "" : " [" + step.disruption() + "]");
            }
        }
        section(out, "in place:", plan.inPlace());
        section(out, "vendor prerequisites (not checked by hwoffload):", plan.prerequisites());
        section(out, "notes:", plan.notes());
    }

    /** One shell command per step, everything else as comments, so the output can be reviewed and run by hand. */
    static void printShell(PrintWriter out, PlanDocument plan) {
        out.println("# hwoffload apply --dry-run: " + String.join(", ", plan.policies()) + ", "
                + plan.steps().size() + (plan.steps().size() == 1 ? " step" : " steps"));
        plan.prerequisites().forEach(p -> out.println("# prerequisite: " + p));
        plan.inPlace().forEach(p -> out.println("# in place: " + p));
        for (StepDocument step : plan.steps()) {
            if (!step.disruption().equals("none") || step.manual()) {
                out.println("# step " + step.number() + (step.manual() ? " is the vendor's, done by hand" : "")
                        + (step.disruption().equals("none") ? "" : ": " + step.disruption()));
            }
            out.println(step.command());
        }
        plan.notes().forEach(n -> out.println("# note: " + n));
    }

    private static void section(PrintWriter out, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            out.println(title);
            lines.forEach(l -> out.println("  " + l));
        }
    }

    static String pendingAdvice(Disruption disruption) {
        return "note: " + disruption.advice();
    }
}
