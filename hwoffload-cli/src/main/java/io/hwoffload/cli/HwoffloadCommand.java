package io.hwoffload.cli;

import io.hwoffload.cli.cluster.InstallCommand;
import io.hwoffload.cli.cluster.OperatorCommand;
import io.hwoffload.cli.demo.DemoCommand;
import io.hwoffload.cli.flows.FlowsCommand;
import io.hwoffload.cli.nicsim.NicsimCommand;
import io.hwoffload.cli.node.AgentCommand;
import io.hwoffload.cli.node.ApplyCommand;
import io.hwoffload.cli.node.DevicePluginCommand;
import io.hwoffload.cli.node.DiscoverCommand;
import io.hwoffload.cli.node.DoctorCommand;
import io.hwoffload.cli.node.PlanCommand;
import io.hwoffload.cli.node.ResetCommand;
import io.hwoffload.cli.node.SystemdUnitCommand;
import io.hwoffload.cli.render.RenderCommand;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.host.HostException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code hwoffload} command: OVS hardware offload on SmartNICs and DPUs, as one policy. */
@Command(name = "hwoffload",
        mixinStandardHelpOptions = true,
        versionProvider = HwoffloadCommand.Version.class,
        description = {
                "OVS hardware offload on SmartNICs and DPUs for Kubernetes: discover, configure, verify and explain.",
                "",
                "Exit status: 0 success, 1 a failure was found (or the work failed), 2 usage error."},
        subcommands = {DemoCommand.class, DiscoverCommand.class, DoctorCommand.class, PlanCommand.class, ApplyCommand.class, ResetCommand.class, SystemdUnitCommand.class, DevicePluginCommand.class, RenderCommand.class,
                InstallCommand.class, OperatorCommand.class, AgentCommand.class, NicsimCommand.class, FlowsCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class HwoffloadCommand {

    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        int exitCode = commandLine.execute(args);
        // picocli's writers flush on println only: what a command print()ed would be lost at System.exit.
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new HwoffloadCommand());
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        CommandLine completion = commandLine.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(hwoffload generate-completion)");
        return commandLine;
    }

    /** Reports an expected failure as one clear line on stderr instead of a stack trace. */
    static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            if (e instanceof UserInputException) {
                commandLine.getErr().println("hwoffload: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            // A host failure names its cause and the fix (HostException's contract): one line, not a trace.
            if (e instanceof CommandFailedException || e instanceof HostException) {
                commandLine.getErr().println("hwoffload: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            if (e instanceof KubernetesClientException k) {
                commandLine.getErr().println("hwoffload: the Kubernetes API failed: " + k.getMessage());
                return ExitCodes.FAILURE;
            }
            commandLine.getErr().println("hwoffload: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return ExitCodes.FAILURE;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = HwoffloadCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"hwoffload " + properties.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
