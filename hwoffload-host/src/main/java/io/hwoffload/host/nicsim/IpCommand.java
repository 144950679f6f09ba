package io.hwoffload.host.nicsim;

import io.hwoffload.host.HostException;
import io.hwoffload.host.exec.CommandResult;
import io.hwoffload.host.exec.CommandRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** iproute2's {@code ip} for nicsim's real netdevs; a failure says what and why. */
final class IpCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final CommandRunner commands;

    private IpCommand(CommandRunner commands) {
        this.commands = commands;
    }

    /** The host's {@code ip}; fails naming the package to install when there is none. */
    static IpCommand find() {
        if (CommandRunner.locate("ip").isEmpty()) {
            throw new HostException("real netdevs need iproute2's ip, found in none of " + CommandRunner.SYSTEM_PATH
                    + ": apt-get install -y iproute2");
        }
        return new IpCommand(CommandRunner.withTimeout(TIMEOUT));
    }

    /** {@code ip <args>}; throws unless it exits 0. */
    void run(String... args) {
        exec(args).requireSuccess();
    }

    /** {@code ip <args>}, for a question such as "does this link exist": whether it exited 0. */
    boolean succeeds(String... args) {
        return exec(args).succeeded();
    }

    private CommandResult exec(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        return commands.run(argv);
    }
}
