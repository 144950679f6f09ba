package io.hwoffload.cli.node;

import io.hwoffload.cli.OutputFormat;
import io.hwoffload.cli.PolicyFiles;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.PlanException;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.core.policy.OffloadPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "plan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Show the steps that take this node to its policy, in the order its NIC's driver family needs"
                        + " (mlx5 and unknown drivers: legacy, VFs, PF up, unbind VFs, switchdev, hw-tc-offload,"
                        + " bind VFs; ice: mode with no VFs; Corigine: flower firmware first; YUSUR: no devlink),"
                        + " then OVS settings, external_ids and bridges. Each step shows its shell equivalent, why it"
                        + " is there, and whether it needs a node drain or an ovs-vswitchd restart.",
                "",
                "Reads only. A step already in effect is not listed: a node that matches its policy has an empty plan.",
                "A file may hold several policies (a DPU host's and the DPU's); those that select no PF here are"
                        + " not for this node.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload plan -f examples/policies/mellanox-antrea.yaml",
                "  hwoffload plan -f examples/policies/bluefield2-ovn-kubernetes.yaml --sysfs-root /tmp/dpu -o json"})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = {"-f", "--policy"}, paramLabel = "POLICY", required = true,
            description = "OffloadPolicy YAML file (examples/policies/*.yaml).")
    Path policy;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where apply keeps its ownership record (default: /var/lib/hwoffload; for a nicsim tree,"
                    + " inside the tree): VFs it created need no drain to rebind.")
    Path stateDirectory;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml: {policies, steps[{number, command, why, disruption, manual}],"
                    + " inPlace, prerequisites, notes}.")
    OutputFormat format;

    @Override
    public Integer call() {
        List<OffloadPolicy> policies = PolicyFiles.read(policy);
        try (NodeSession session = NodeSession.open(node)) {
            PlanReport.PlanDocument document = plan(session, policies, stateDirectory);
            format.write(spec.commandLine().getOut(), document, out -> PlanReport.printTable(out, document));
            return 0;
        }
    }

    /** The policies' plan on this node, as apply would start it; shared with {@code apply --dry-run}. */
    static PlanReport.PlanDocument plan(NodeSession session, List<OffloadPolicy> policies, Path stateDirectory) {
        try {
            DesiredNode desired = new NodeConfigResolver(session.catalog()).resolve(policies, session.observe().inventory());
            session.connectOvsFor(desired, false);
            Plan plan = new Planner().plan(desired, session.observe(), session.ownershipRecord(stateDirectory));
            return PlanReport.document(desired.policies(), plan, session.ovsNote());
        } catch (PlanException e) {
            throw NodeSession.failure(e);
        }
    }
}
