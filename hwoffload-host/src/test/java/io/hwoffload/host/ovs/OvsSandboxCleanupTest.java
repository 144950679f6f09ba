package io.hwoffload.host.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A sandbox whose setup fails halfway leaves nothing behind: no namespace, link, process or file. */
@Timeout(60)
class OvsSandboxCleanupTest {

    @ParameterizedTest
    @ValueSource(strings = {"namespaces", "ovsdb-server", "ovs-vswitchd", "bridge", "pod 1", "pod 2"})
    void setupFailingAfterAStepLeavesNothingBehind(String failAfter) throws Exception {
        Set<String> namespaces = lines(new String[] {"ip", "netns", "list"}, l -> l.split(" ")[0]);
        Set<String> links = lines(new String[] {"ip", "-o", "link", "show"}, l -> l.split(": ")[1]);
        Set<String> processes = lines(new String[] {"pgrep", "-a", "ovs"}, l -> l);
        Set<Path> runDirs = runDirs();

        assertThatThrownBy(() -> OvsSandbox.start(2, step -> {
            if (step.equals(failAfter)) {
                throw new IllegalStateException("injected failure after " + step);
            }
        })).hasMessage("injected failure after " + failAfter);

        assertThat(lines(new String[] {"ip", "netns", "list"}, l -> l.split(" ")[0])).isEqualTo(namespaces);
        assertThat(lines(new String[] {"ip", "-o", "link", "show"}, l -> l.split(": ")[1])).isEqualTo(links);
        assertThat(lines(new String[] {"pgrep", "-a", "ovs"}, l -> l)).isSubsetOf(processes);
        assertThat(runDirs()).isEqualTo(runDirs);
    }

    private static Set<Path> runDirs() throws Exception {
        try (Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            return new TreeSet<>(entries.filter(p -> p.getFileName().toString().startsWith("hwo-ovs-")).toList());
        }
    }

    private static Set<String> lines(String[] argv, Function<String, String> key) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Set<String> result = new TreeSet<>();
        Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).map(key).forEach(result::add);
        return result;
    }
}
