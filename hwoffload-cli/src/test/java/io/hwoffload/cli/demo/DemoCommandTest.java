package io.hwoffload.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.CommandRun;
import io.hwoffload.cli.HwoffloadCommand;
import io.hwoffload.host.demo.DemoSetups;
import io.hwoffload.host.ovs.HostFootprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The README's main command, for every reference setup: real OVS, real traffic, a report, and nothing left behind. */
@Timeout(120)
class DemoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> models() {
        return DemoSetups.models();
    }

    @ParameterizedTest
    @MethodSource("models")
    void demoOfEverySeedModelPassesReportsAndLeavesNothingBehind(String model) throws Exception {
        HostFootprint before = HostFootprint.take();

        CommandRun run = CommandRun.of("demo", "--model", model, "-o", "json");

        HostFootprint.take().assertNothingLeftSince(before);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("model").asText()).isEqualTo(model);
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("elapsedSeconds").asDouble()).isPositive().isLessThan(60);

        assertThat(report.path("steps")).as("the policy changed the node").isNotEmpty();
        assertThat(report.path("steps").findValuesAsText("command")).anyMatch(c -> c.startsWith("echo ") || c.startsWith("ip link set"));
        if (model.equals("corigine-agilio-cx")) {
            // The card ships with CoreNIC: apply stops at the vendor's firmware step, nicsim does it, apply goes on.
            JsonNode first = report.path("steps").get(0);
            assertThat(first.path("command").asText()).isEqualTo("./agilio-tc-fw-select.sh ens47np0 scan && rmmod nfp"
                    + " && modprobe nfp");
            assertThat(first.path("byHand").asBoolean()).isTrue();
            assertThat(report.path("steps").findValuesAsText("command"))
                    .contains("echo 4 > /sys/class/net/ens47/device/sriov_numvfs");
        } else {
            assertThat(report.path("steps").findValues("byHand")).noneMatch(JsonNode::asBoolean);
        }
        assertThat(report.path("resources")).isNotEmpty();
        JsonNode pool = report.path("resources").get(0);
        assertThat(pool.path("resourceName").asText()).matches("[a-z.]+/[a-z_0-9]+");
        assertThat(pool.path("vfNetdevs")).hasSizeGreaterThanOrEqualTo(2);

        assertThat(report.path("pods")).hasSize(2);
        for (JsonNode pod : report.path("pods")) {
            assertThat(pool.path("vfNetdevs").findValuesAsText("")).isEmpty();
            assertThat(pod.path("netns").asText()).startsWith("nicsim-");
            assertCniKeys(report.path("cni").asText(), pod);
        }

        // The pods' traffic by pod, named by the keys their CNI plugged the ports with: both, with their packets.
        assertThat(report.path("byPod").findValuesAsText("pod")).containsExactlyInAnyOrder("demo-a", "demo-b");
        assertThat(report.path("byPod")).allMatch(p -> p.path("packets").asLong() > 0 && p.path("flows").asLong() > 0);

        assertThat(report.path("traffic")).hasSize(2).allMatch(t -> t.path("passed").asBoolean());
        assertThat(report.path("traffic").findValuesAsText("protocol")).containsExactly("ICMP", "TCP");

        JsonNode summary = report.path("flows").path("summary");
        assertThat(summary.path("flows").asLong()).as("datapath flows for ARP, ICMP and TCP").isGreaterThanOrEqualTo(4);
        // 5 echo requests and 5 replies, and 64 KiB of TCP each way: far more than 20 packets cross the datapath.
        assertThat(summary.path("packets").asLong()).isGreaterThan(20);
        assertThat(summary.path("offloadedFlows").asLong()).as("the userspace datapath offloads nothing").isZero();
        assertThat(summary.path("parseErrors").asLong()).isZero();
        assertThat(report.path("flows").path("byStatus").fieldNames()).toIterable().containsExactly("datapath");
        assertThat(report.path("flows").path("byReason")).isNotEmpty();

        assertThat(report.path("provenance").findValuesAsText("kind")).contains("real", "emulated");
        assertThat(report.path("provenance").toString()).contains("userspace datapath").contains("no TC");
    }

    private static void assertCniKeys(String cni, JsonNode pod) {
        String name = pod.path("name").asText();
        switch (cni) {
            case "kube-ovn":
                assertThat(pod.path("interfaceExternalIds").path("iface-id").asText()).startsWith(name + ".default.")
                        .endsWith(".ovn");
                assertThat(pod.path("interfaceExternalIds").path("vendor").asText()).isEqualTo("kube-ovn");
                break;
            case "antrea":
                assertThat(pod.path("portExternalIds").path("antrea-type").asText()).isEqualTo("container");
                assertThat(pod.path("portExternalIds").path("attached-mac").asText()).isEqualTo(pod.path("vfMac").asText());
                break;
            case "ovn-kubernetes":
                assertThat(pod.path("interfaceExternalIds").path("iface-id").asText()).isEqualTo("default_" + name);
                assertThat(pod.path("interfaceExternalIds").path("vf-netdev-name").asText())
                        .isEqualTo(pod.path("vfNetdev").asText());
                break;
            default:
                throw new AssertionError("no port keys known for CNI " + cni);
        }
    }

    @Test
    void theDefaultTableSaysWhatIsRealAndWhatIsEmulatedAndTheSavedDumpMakesAReportPage(@TempDir Path dir) throws Exception {
        HostFootprint before = HostFootprint.take();
        Path dump = dir.resolve("flows.txt");

        CommandRun run = CommandRun.of("demo", "--save-dump", dump.toString());

        HostFootprint.take().assertNothingLeftSince(before);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("hwoffload demo: YUSUR Technology CONFLUX-2200E (yusur-conflux-2200e)")
                .contains("passed")
                .contains("What is real here, and what is emulated")
                .contains("emulated  the NIC").contains("real      Open vSwitch 3.")
                .contains("yusur.tech/sriov_dpu")
                .contains("Datapath flows from ovs-vswitchd");
        assertThat(run.err()).contains("==> apply policy yusur-kube-ovn").contains("==> traffic").contains("==> teardown");

        JsonNode analysis = JSON.readTree(CommandRun.of("flows", "analyze", dump.toString(), "-o", "json").out());
        assertThat(run.out()).containsPattern("\\n  flows\\s+" + analysis.path("summary").path("flows").asLong() + "\\s");
        Path page = dir.resolve("flows.html");
        assertThat(CommandRun.of("flows", "report", dump.toString(), "-o", page.toString()).exitCode()).isZero();
        assertThat(Files.readString(page)).as("the conntrack pipeline recirculates")
                .containsPattern("with [1-9][0-9]* recirculations? between them");
    }

    @Test
    void anUnknownModelIsAUsageErrorNamingTheModels() {
        CommandRun run = CommandRun.of("demo", "--model", "nvidia-bluefield2-host");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("runs no OVS").contains("--model nvidia-bluefield2-dpu");
    }

    /** Ctrl-C while the demo runs: its shutdown hook removes everything it made. */
    @Test
    void aKilledDemoRemovesEverythingItMade() throws Exception {
        HostFootprint before = HostFootprint.take();
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HwoffloadCommand.class.getName(),
                "demo", "--model", "corigine-agilio-cx");
        Process demo = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> progress = new ArrayList<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(demo.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                progress.add(line);
                if (line.equals("==> traffic")) {
                    // Ctrl-C's SIGINT to the JVM alone: the hook, not the terminal, must stop OVS and the rest.
                    assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor()).isZero();
                }
            }
        } finally {
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }

        assertThat(progress).as("the demo got as far as the traffic").contains("==> traffic");
        assertThat(progress).contains("hwoffload demo: stopped; removing everything it made");
        assertThat(demo.exitValue()).isNotZero();
        HostFootprint.take().assertNothingLeftSince(before);
    }
}
