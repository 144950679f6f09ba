package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.ovs.HostFootprint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --netdevs}: representors and their VFs as real veth pairs in the tree's own namespaces. Needs root
 * and iproute2. The footprint compared is the host's root-namespace links and its nicsim namespaces only,
 * so that other tests' namespaces coming and going on a shared machine do not matter.
 */
@Timeout(120)
class NicsimNetdevsTest {
    private static final PciAddress PF = PciAddress.parse("0000:03:00.0");
    private static final PciAddress VF0 = PciAddress.parse("0000:03:00.2");

    @TempDir
    Path temp;

    @BeforeAll
    static void requireRootAndIp() throws Exception {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "needs iproute2");
    }

    @Test
    void vfsAndRepresentorsAreVethPairsThatCarryTraffic() throws Exception {
        HostFootprint before = footprint();
        Path root = temp.resolve("node");
        SimulatedHost host = NicsimTreeBuilder.bundled().create(root, "mellanox-connectx5", NicsimBoot.DEFAULTS, true);
        try {
            String node = host.nodeNamespace().orElseThrow();
            assertThat(namespaces()).contains(node);
            TreeFiles tree = new TreeFiles(root);

            host.setEswitchMode(PF, EswitchMode.SWITCHDEV);
            host.writeNumVfs(PF, 2);

            for (int n = 0; n < 2; n++) {
                String representor = "enp3s0f0npf0vf" + n;
                String vf = "enp3s0f0v" + n;
                assertThat(link(node, representor)).contains(tree.netdev(representor, "address"));
                assertThat(link(node + "-vf" + n, vf)).contains(tree.netdev(vf, "address"));
                host.setLinkUp(representor);
                host.setLinkUp(vf);
            }
            ip("-n", node, "link", "add", "br0", "type", "bridge");
            ip("-n", node, "link", "set", "br0", "up");
            for (int n = 0; n < 2; n++) {
                ip("-n", node, "link", "set", "enp3s0f0npf0vf" + n, "master", "br0");
                ip("-n", node + "-vf" + n, "addr", "add", "10.98.0." + (n + 1) + "/24", "dev", "enp3s0f0v" + n);
            }
            assertThat(run("ip", "netns", "exec", node + "-vf0", "ping", "-c", "1", "-W", "5", "10.98.0.2"))
                    .as("VF 0 reaches VF 1 through their representors").startsWith("0:");

            host.unbind(VF0, "mlx5_core");
            assertThat(namespaces()).as("the VF netdev is gone, and with it the pair").doesNotContain(node + "-vf0");
            assertThat(run("ip", "-n", node, "link", "show", "enp3s0f0npf0vf0")).doesNotStartWith("0:");

            host.bind(VF0, "mlx5_core");
            assertThat(link(node + "-vf0", "enp3s0f0v0")).contains(tree.netdev("enp3s0f0v0", "address"));
        } finally {
            NicsimTrees.destroy(root);
        }
        assertThat(root).doesNotExist();
        footprint().assertNothingLeftSince(before);
    }

    @Test
    void dpuRepresentorsPairWithTheHostsPfAndVfs() throws Exception {
        HostFootprint before = footprint();
        Path root = temp.resolve("dpu");
        SimulatedHost host = NicsimTreeBuilder.bundled().create(root, "nvidia-bluefield2-dpu", NicsimBoot.hostVfs(2), true);
        try {
            String node = host.nodeNamespace().orElseThrow();
            assertThat(link(node, "pf0hpf")).contains(new TreeFiles(root).netdev("pf0hpf", "address"));
            assertThat(link(node + "-hostpf", "enp2s0f0np0")).isNotEmpty();
            assertThat(link(node, "pf0vf1")).isNotEmpty();
            assertThat(link(node + "-vf1", "enp2s0f0v1")).isNotEmpty();
            assertThat(host.summary().vethPairs()).hasSize(3);
        } finally {
            NicsimTrees.destroy(root);
        }
        footprint().assertNothingLeftSince(before);
    }

    /** Steps of a DPU build with 3 host VFs: node namespace, hostpf namespace, pf0hpf, then a namespace and a pair per VF. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 9})
    void aBuildFailingHalfwayLeavesNothing(int failingStep) throws Exception {
        HostFootprint before = footprint();
        Path root = temp.resolve("dpu");
        AtomicInteger steps = new AtomicInteger();
        NicsimTreeBuilder builder = new NicsimTreeBuilder(NicCatalog.bundled(), NicsimLayouts.bundled(), step -> {
            if (steps.incrementAndGet() == failingStep) {
                throw new IllegalStateException("injected failure after " + step);
            }
        });

        assertThatThrownBy(() -> builder.create(root, "nvidia-bluefield2-dpu", NicsimBoot.DEFAULTS, true))
                .hasMessageStartingWith("injected failure after ");

        assertThat(root).doesNotExist();
        footprint().assertNothingLeftSince(before);
    }

    private static HostFootprint footprint() throws Exception {
        HostFootprint all = HostFootprint.take();
        Set<String> nicsim = new TreeSet<>(all.namespaces().stream().filter(n -> n.startsWith("nicsim-")).toList());
        return new HostFootprint(nicsim, all.rootLinks(), Set.of(), Set.of(), Set.of());
    }

    private static List<String> namespaces() throws Exception {
        return run("ip", "netns", "list").lines().skip(1).map(l -> l.split(" ")[0]).toList();
    }

    /** {@code ip -n NS link show NAME}: its output, failing the test if the link is not there. */
    private static String link(String namespace, String name) throws Exception {
        String result = run("ip", "-n", namespace, "link", "show", name);
        assertThat(result).as(name + " in " + namespace).startsWith("0:");
        return result;
    }

    private static void ip(String... args) throws Exception {
        String[] argv = new String[args.length + 1];
        argv[0] = "ip";
        System.arraycopy(args, 0, argv, 1, args.length);
        assertThat(run(argv)).startsWith("0:");
    }

    /** Runs argv; returns "exit:" followed by its first line (the exit code) and then the output. */
    private static String run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":\n" + out;
    }
}
