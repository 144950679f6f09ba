package io.hwoffload.cli.node;

import io.hwoffload.core.doctor.Check;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Doctor's checks as lines a person reads top to bottom: verdict, check, subject, finding, then the fix. */
final class DoctorReport {

    private DoctorReport() {
    }

    static void print(PrintWriter out, List<Check> checks) {
        for (Check check : checks) {
            out.printf(Locale.ROOT, "%-4s  %-15s %s: %s%n", check.status().label().toUpperCase(Locale.ROOT),
                    check.id(), check.subject(), check.finding());
            if (check.fix() != null) {
                out.println("      fix: " + check.fix());
            }
        }
        out.println();
        Summary summary = Summary.of(checks);
        out.printf(Locale.ROOT, "doctor: %d pass, %d warn, %d fail%n", summary.pass(), summary.warn(), summary.fail());
    }

    /** How many checks ended in each status. */
    record Summary(long pass, long warn, long fail) {
        static Summary of(List<Check> checks) {
            return new Summary(count(checks, Check.Status.PASS), count(checks, Check.Status.WARN),
                    count(checks, Check.Status.FAIL));
        }

        private static long count(List<Check> checks, Check.Status status) {
            return checks.stream().filter(c -> c.status() == status).count();
        }
    }
}
