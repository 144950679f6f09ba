package io.hwoffload.cli.node;

import io.hwoffload.cli.PolicyFiles;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.boot.BootUnit;
import io.hwoffload.core.policy.OffloadPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "systemd-unit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Print a systemd unit (" + BootUnit.NAME + ") that runs 'hwoffload apply' at every boot, after"
                        + " ovsdb-server and before ovs-vswitchd and kubelet, so that VFs, switchdev and OVS settings"
                        + " are back before pods or OVS need them.",
                ""},
        footer = {"",
                "Example:",
                "  hwoffload systemd-unit -f /etc/hwoffload/policy.yaml > /etc/systemd/system/" + BootUnit.NAME,
                "  systemctl daemon-reload && systemctl enable " + BootUnit.NAME})
public final class SystemdUnitCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--policy"}, paramLabel = "POLICY", required = true,
            description = "The policy file, by the absolute path it has on the node; it is read and checked now.")
    Path policy;

    @Option(names = "--executable", paramLabel = "PATH", defaultValue = "/usr/local/bin/hwoffload",
            description = "Where hwoffload is installed on the node (default: ${DEFAULT-VALUE}).")
    String executable;

    @Option(names = "--ovsdb", paramLabel = "TARGET", defaultValue = "unix:/var/run/openvswitch/db.sock",
            description = "OVSDB target for policies that set OVS (default: ${DEFAULT-VALUE}).")
    String ovsdb;

    @Override
    public Integer call() {
        List<OffloadPolicy> policies = PolicyFiles.read(policy);
        boolean setsOvs = policies.stream().anyMatch(p -> p.ovs() != null);
        try {
            spec.commandLine().getOut().print(BootUnit.render(executable, policy.toAbsolutePath().normalize().toString(),
                    setsOvs ? ovsdb : null, policies.stream().map(OffloadPolicy::name).toList()));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        return 0;
    }
}
