package io.hwoffload.cli.node;

import io.hwoffload.cli.ExitCodes;
import io.hwoffload.cli.OutputFormat;
import io.hwoffload.cli.PolicyFiles;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.doctor.Check;
import io.hwoffload.core.doctor.Doctor;
import io.hwoffload.core.doctor.OvsState;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.policy.NicRequest;
import io.hwoffload.core.policy.OffloadPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Check every prerequisite of OVS hardware offload on this node and say, for each, pass / warn /"
                        + " fail with what was found and the fix: SR-IOV capable NIC, IOMMU, kernel >= 5.7,"
                        + " iproute2 >= 4.12, OVS version and other_config:hw-offload, the NIC in the catalog and"
                        + " its vendor steps, switchdev possible, hw-tc-offload, VFs, representors.",
                "With -f POLICY, also whether the policy fits: its nicSelector matches a PF here, and numVfs is"
                        + " within sriov_totalvfs.",
                "",
                "Exit status: 0 when nothing fails (warnings allowed), 1 when a check fails, 2 on bad input.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload doctor",
                "  hwoffload doctor -f examples/policies/mellanox-antrea.yaml",
                "  hwoffload doctor --sysfs-root /tmp/cx5 --ovsdb unix:/tmp/ovs/db.sock -o json"})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = {"-f", "--policy"}, paramLabel = "POLICY", description = "An OffloadPolicy YAML file to check against this node.")
    Path policy;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml: {summary{pass, warn, fail}, checks[{id, status, subject, finding, fix}]}.")
    OutputFormat format;

    @Override
    public Integer call() {
        List<NicRequest> requests = policy == null ? List.of()
                : PolicyFiles.read(policy).stream().map(OffloadPolicy::nic).toList();
        OvsState ovs = node.ovs();
        NicCatalog catalog = node.catalog();
        NodeInventory inventory = DiscoverCommand.discover(node, catalog, ovs);
        // A file may hold a policy per node role (DPU host and DPU): check the one meant for this node.
        Optional<NicRequest> request = requests.stream()
                .filter(r -> inventory.nics().stream().anyMatch(r::selects)).findFirst()
                .or(() -> requests.stream().findFirst());
        List<Check> checks = new Doctor(catalog).examine(inventory, ovs, request);
        format.write(spec.commandLine().getOut(), new DoctorResult(DoctorReport.Summary.of(checks), checks),
                out -> DoctorReport.print(out, checks));
        return checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** The JSON/YAML document: the counts by status, then every check. */
    record DoctorResult(DoctorReport.Summary summary, List<Check> checks) {
    }
}
