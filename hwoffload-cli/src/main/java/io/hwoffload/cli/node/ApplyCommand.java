package io.hwoffload.cli.node;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.PolicyFiles;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.PlanException;
import io.hwoffload.core.plan.Step;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.host.apply.ApplyException;
import io.hwoffload.host.apply.ApplyListener;
import io.hwoffload.host.apply.ApplyResult;
import io.hwoffload.host.apply.NodeApplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "apply",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Converge this node to its policy: run the steps of 'hwoffload plan' one at a time, check after each"
                        + " that it took effect (the VFs exist, the eSwitch is in switchdev, the OVSDB key is set, ...),"
                        + " and end with a line 'changes: N'. A second apply ends with 'changes: 0'.",
                "",
                "Safe to stop at any point: hwoffload records what it changes (the ownership record) before each"
                        + " step and plans afresh from what it finds, so the next apply carries on. It refuses steps"
                        + " that remove VFs which exist now unless --allow-disruption (drain the node first), stops"
                        + " at a vendor's manual step with its commands, and never restarts ovs-vswitchd: it says"
                        + " when a setting needs that.",
                "",
                "Exit status: 0 converged, 1 a step failed or needs a person, 2 bad input.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload apply -f examples/policies/mellanox-antrea.yaml --dry-run",
                "  hwoffload nicsim create --model mellanox-connectx5 --root /tmp/cx5",
                "  hwoffload apply -f examples/policies/mellanox-antrea.yaml --sysfs-root /tmp/cx5 --ovsdb unix:/tmp/ovs/db.sock",
                "  hwoffload reset --sysfs-root /tmp/cx5 --allow-disruption"})
public final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Mixin
    ApplyOptions apply;

    @Option(names = {"-f", "--policy"}, paramLabel = "POLICY", required = true,
            description = "OffloadPolicy YAML file (examples/policies/*.yaml).")
    Path policy;

    @Option(names = "--dry-run", description = "Print one shell-equivalent command per step and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        List<OffloadPolicy> policies = PolicyFiles.read(policy);
        PrintWriter out = spec.commandLine().getOut();
        try (NodeSession session = NodeSession.open(node)) {
            if (dryRun) {
                PlanReport.printShell(out, PlanCommand.plan(session, policies, apply.stateDirectory));
                return 0;
            }
            DesiredNode desired;
            try {
                desired = new NodeConfigResolver(session.catalog()).resolve(policies, session.observe().inventory());
            } catch (PlanException e) {
                throw NodeSession.failure(e);
            }
            session.connectOvsFor(desired, true);
            return apply.run(session, desired, out);
        }
    }

    /** The options apply and reset share, and how both run and report. */
    static final class ApplyOptions {

        @Option(names = "--allow-disruption",
                description = "Also run steps that remove or rebind VFs that exist now (pods using them lose their"
                        + " interface): drain the node first.")
        boolean allowDisruption;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "Where the ownership record is kept (default: /var/lib/hwoffload; for a nicsim tree,"
                        + " inside the tree).")
        Path stateDirectory;

        @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long a step's effect may take to show, e.g. new VFs (default: ${DEFAULT-VALUE}).")
        Duration settleTimeout;

        int run(NodeSession session, DesiredNode desired, PrintWriter out) {
            NodeApplier applier = session.applier(session.stateDirectory(stateDirectory), settleTimeout);
            ApplyResult result;
            try {
                result = applier.apply(desired, allowDisruption, new ApplyListener() {
                    @Override
                    public void starting(int number, int total, Step step) {
                        out.printf("[%d/%d] %s%n", number, total, step.action().command());
                        out.flush();
                    }
                });
            } catch (ApplyException e) {
                out.println("changes: " + e.changes());
                out.flush();
                throw new CommandFailedException(e.getMessage(), e);
            }
            result.pending().forEach(d -> out.println(PlanReport.pendingAdvice(d)));
            out.println("changes: " + result.changes());
            return 0;
        }
    }
}
