package io.hwoffload.cli.flows;

import picocli.CommandLine.Command;

@Command(name = "flows",
        mixinStandardHelpOptions = true,
        description = "Read OVS datapath flows: how much traffic is offloaded, and why the rest is not.",
        subcommands = {AnalyzeCommand.class, ReportCommand.class})
public final class FlowsCommand {
}
