package io.hwoffload.host.exec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRunnerTest {
    private final CommandRunner runner = CommandRunner.withTimeout(Duration.ofSeconds(20));

    @Test
    void capturesStdoutAndExitCode() {
        CommandResult result = runner.run("printf", "%s|%s\n", "a b", "c");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).isEqualTo("a b|c\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(result.argv()).containsExactly("printf", "%s|%s\n", "a b", "c");
    }

    @Test
    void argumentsReachTheProgramAsIsWithoutAShell() {
        CommandResult result = runner.run("echo", "$HOME", ";", "touch", "/tmp/hwo-pwned", "`id`", "*");

        assertThat(result.stdout()).isEqualTo("$HOME ; touch /tmp/hwo-pwned `id` *\n");
    }

    @Test
    void aFailingProgramIsAResultWithItsStderr() {
        CommandResult result = runner.run("cat", "/nonexistent-hwoffload-file");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("No such file or directory");
        assertThat(result.complaint()).endsWith("cat: /nonexistent-hwoffload-file: No such file or directory");
    }

    @Test
    void outputIsInTheCLocale() {
        assertThat(runner.run("env").stdout()).contains("LC_ALL=C\n");
    }

    @Test
    void largeOutputOnBothStreamsDoesNotBlock() {
        CommandResult result = runner.run("seq", "1", "300000");

        assertThat(result.stdout().lines()).hasSize(300000).endsWith("300000");
    }

    @Test
    void aMissingProgramIsNamed() {
        assertThatThrownBy(() -> runner.run("hwoffload-no-such-tool", "--version"))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("cannot run 'hwoffload-no-such-tool --version'")
                .hasMessageContaining("no program 'hwoffload-no-such-tool' in /usr/sbin:/usr/bin");
    }

    @Test
    void programsAreBareNamesNotPaths() {
        assertThatThrownBy(() -> runner.run("/tmp/evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.run("../bin/ip")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.run(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.run("echo", "a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProgramPastItsTimeoutIsKilledAndNamed() {
        CommandRunner impatient = CommandRunner.withTimeout(Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient.run("sleep", "30"))
                .isInstanceOf(CommandException.class)
                .hasMessage("'sleep 30' did not finish within 300ms; it was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void runsInsideAPrivateNetworkNamespace() throws Exception {
        NetworkNamespace used;
        try (PrivateNetworkNamespace ns = PrivateNetworkNamespace.create()) {
            used = ns.namespace();
            ns.addVethPair("hwo0", "hwo1");

            CommandResult inside = runner.inNamespace(ns.namespace()).run("ip", "-o", "link", "show");

            assertThat(inside.stdout().lines()).hasSize(3)
                    .anyMatch(line -> line.contains(" hwo0@hwo1:")).anyMatch(line -> line.contains(" lo:"));
            assertThat(runner.run("ip", "-o", "link", "show").stdout()).doesNotContain(" hwo0@");
        }
        assertThat(runner.run("ip", "netns", "list").stdout()).doesNotContain(used.name());
    }

    @Test
    void aMissingNamespaceIsAFailedResultNamingIt() {
        CommandResult result = runner.inNamespace(new NetworkNamespace("hwo-no-such-ns")).run("ip", "link");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("hwo-no-such-ns");
    }
}
