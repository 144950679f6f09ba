package io.hwoffload.cli.node;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.operator.agent.AgentHttpServer;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.function.Supplier;

/** {@code --metrics-port} of the agent and the standalone device plugin: where /metrics and /healthz are served. */
final class MetricsPortOption {

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "9109",
            description = "Port of /metrics, /healthz and /readyz on every address (default: ${DEFAULT-VALUE}; 0: any free port,"
                    + " printed at start).")
    int port;

    /** A usage error for a port outside 0-65535, before anything starts. */
    void check() {
        if (port < 0 || port > 65535) {
            throw new UserInputException("--metrics-port " + port + ": give a port from 1 to 65535, or 0 for any free one");
        }
    }

    /** Serves {@code metrics}; /healthz and /readyz answer 503 with {@code dead} and {@code unready} while not null. */
    AgentHttpServer listen(Supplier<String> metrics, Supplier<String> dead, Supplier<String> unready) {
        try {
            return AgentHttpServer.start(port, metrics, dead, unready);
        } catch (IOException e) {
            throw new CommandFailedException("--metrics-port " + port + ": cannot listen (" + e.getMessage()
                    + "); give a free port, or 0 for any", e);
        }
    }
}
