package io.hwoffload.host.ovs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test with real OVS could leave behind on the host: network namespaces, links in the root
 * namespace, OVS processes, sandbox directories. Taken before and compared after.
 */
public record HostFootprint(Set<String> namespaces, Set<String> rootLinks, Set<String> ovsProcesses,
                            Set<String> trafficProcesses, Set<Path> sandboxDirs) {

    public static HostFootprint take() throws Exception {
        return new HostFootprint(
                lines(List.of("ip", "netns", "list"), line -> line.split(" ")[0]),
                lines(List.of("ip", "-o", "link", "show"), line -> line.split(": ")[1]),
                lines(List.of("pgrep", "-a", "ovs"), line -> line),
                lines(List.of("pgrep", "-a", "-f", "io.hwoffload.host.demo.TcpEcho"), line -> line),
                listSandboxDirs());
    }

    /** Fails unless the host is as it was when {@code before} was taken (fewer OVS processes are fine). */
    public void assertNothingLeftSince(HostFootprint before) {
        assertThat(namespaces).as("network namespaces left behind").isEqualTo(before.namespaces);
        assertThat(rootLinks).as("links left in the root namespace").isEqualTo(before.rootLinks);
        assertThat(ovsProcesses).as("OVS processes left running").isSubsetOf(before.ovsProcesses);
        assertThat(trafficProcesses).as("demo traffic processes left running").isSubsetOf(before.trafficProcesses);
        assertThat(sandboxDirs).as("sandbox directories left in /tmp").isEqualTo(before.sandboxDirs);
    }

    private static Set<Path> listSandboxDirs() throws Exception {
        try (Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            return new TreeSet<>(entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("hwo-ovs-") || name.startsWith("hwoffload-demo-"))
                    .map(name -> Path.of("/tmp", name)).toList());
        }
    }

    private static Set<String> lines(List<String> argv, Function<String, String> key) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", argv)).isTrue();
        Set<String> result = new TreeSet<>();
        Arrays.stream(out.split("\n")).filter(line -> !line.isBlank()).map(key).forEach(result::add);
        return result;
    }
}
