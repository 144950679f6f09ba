package io.hwoffload.cli.node;

import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.OwnershipRecord;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.core.plan.PlanException;
import io.hwoffload.host.HostException;
import io.hwoffload.host.apply.OwnershipStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

@Command(name = "reset",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Return what hwoffload changed on this node to how it was: each PF in the ownership record back to"
                        + " its recorded VF count, eSwitch mode and hw-tc-offload; each OVS setting back to its old"
                        + " value (or removed); bridges and ports hwoffload added deleted. Nothing else is touched:"
                        + " VFs hwoffload did not create stay.",
                "",
                "Removing VFs needs --allow-disruption (drain the node first). The record is deleted once the node"
                        + " is back.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload reset --dry-run",
                "  hwoffload reset --sysfs-root /tmp/cx5 --ovsdb unix:/tmp/ovs/db.sock --allow-disruption"})
public final class ResetCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Mixin
    ApplyCommand.ApplyOptions apply;

    @Option(names = "--dry-run", description = "Print one shell-equivalent command per step and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (NodeSession session = NodeSession.open(node)) {
            OwnershipStore store = OwnershipStore.in(session.stateDirectory(apply.stateDirectory));
            OwnershipRecord record;
            try {
                record = store.load();
            } catch (HostException e) {
                throw new CommandFailedException(e.getMessage(), e);
            }
            if (record.isEmpty()) {
                out.println("nothing to reset: hwoffload has changed nothing here (no record at " + store.file() + ")");
                out.println("changes: 0");
                return 0;
            }
            DesiredNode desired;
            try {
                desired = new NodeConfigResolver(session.catalog()).resolveReset(record, session.observe().inventory());
            } catch (PlanException e) {
                throw NodeSession.failure(e);
            }
            session.connectOvsFor(desired, !dryRun);
            if (dryRun) {
                PlanReport.printShell(out, PlanReport.document(List.of("reset"),
                        new Planner().plan(desired, session.observe(), record), session.ovsNote()));
                return 0;
            }
            int status = apply.run(session, desired, out);
            Set<String> restored = desired.functions().stream().map(f -> f.pf().toString()).collect(Collectors.toSet());
            OwnershipRecord left = record.remainingAfterReset(restored);
            if (left.isEmpty()) {
                store.delete();
            } else {
                store.save(left);
                spec.commandLine().getErr().println("note: not on this node now, so not reset, and kept in " + store.file()
                        + ": " + String.join(", ", left.functions().keySet()));
            }
            return status;
        }
    }
}
