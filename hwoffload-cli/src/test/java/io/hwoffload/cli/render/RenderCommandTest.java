package io.hwoffload.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hwoffload.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hwoffload render} on the example policies, as a person runs it. */
class RenderCommandTest {
    private static final Path EXAMPLES = Path.of("../examples/policies");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Each example is its own cluster (two of them name the NAD default/default), so each gets its own directory. */
    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("yusur-kube-ovn", List.of("configmap-kube-system-sriovdp-config.yaml",
                        "networkattachmentdefinition-kube-system-test.yaml", "pod-default-yusur-kube-ovn-example.yaml",
                        "kube-ovn-install.env", "kube-ovn-values.yaml", "kube-ovn-v2-values.yaml", "node-labels.txt")),
                Arguments.of("corigine-kube-ovn", List.of("configmap-kube-system-sriovdp-config.yaml",
                        "networkattachmentdefinition-default-default.yaml", "pod-default-corigine-kube-ovn-example.yaml",
                        "kube-ovn-install.env", "kube-ovn-values.yaml", "kube-ovn-v2-values.yaml", "node-labels.txt")),
                Arguments.of("yunsilicon-kube-ovn", List.of("configmap-kube-system-sriovdp-config.yaml",
                        "networkattachmentdefinition-default-sriov-net1.yaml", "pod-default-yunsilicon-kube-ovn-example.yaml",
                        "kube-ovn-install.env", "kube-ovn-values.yaml", "kube-ovn-v2-values.yaml", "ovs-dpdk-config",
                        "node-labels.txt")),
                Arguments.of("mellanox-antrea", List.of("configmap-kube-system-sriovdp-config.yaml",
                        "networkattachmentdefinition-default-default.yaml", "pod-default-mellanox-antrea-example.yaml",
                        "antrea-values.yaml", "node-labels.txt")),
                Arguments.of("bluefield2-ovn-kubernetes", List.of("configmap-kube-system-sriovdp-config.yaml",
                        "networkattachmentdefinition-kube-system-default.yaml",
                        "pod-default-bluefield2-dpu-host-example.yaml", "ovnkube-node-bluefield2-dpu-host.env",
                        "ovn-kubernetes-dpu-host-values.yaml", "ovnkube-node-bluefield2-dpu.env",
                        "ovn-kubernetes-dpu-values.yaml", "node-labels.txt")));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleRendersItsFilesAndListsThem(String example, List<String> files) throws IOException {
        Path out = dir.resolve(example);

        CommandRun run = CommandRun.of("render", "-f", EXAMPLES.resolve(example + ".yaml").toString(), "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(listing(out)).containsExactlyInAnyOrderElementsOf(files);
        List<String> printed = run.out().lines().skip(1).map(line -> line.split("\\s+", 2)[0]).toList();
        assertThat(printed).containsExactlyElementsOf(files.stream().map(f -> out.resolve(f).toString()).toList());
    }

    @Test
    void manifestsAreKubernetesObjectsWithTheirJsonInside() throws IOException {
        Path out = dir.resolve("out");
        assertThat(CommandRun.of("render", "-f", EXAMPLES.resolve("mellanox-antrea.yaml").toString(), "-o", out.toString())
                .exitCode()).isZero();

        JsonNode configMap = YAML.readTree(out.resolve("configmap-kube-system-sriovdp-config.yaml").toFile());
        JsonNode nad = YAML.readTree(out.resolve("networkattachmentdefinition-default-default.yaml").toFile());
        JsonNode pod = YAML.readTree(out.resolve("pod-default-mellanox-antrea-example.yaml").toFile());

        assertThat(configMap.get("kind").asText()).isEqualTo("ConfigMap");
        assertThat(JSON.readTree(configMap.at("/data/config.json").asText()).at("/resourceList/0/selectors/isRdma").asBoolean()).isTrue();
        assertThat(nad.get("apiVersion").asText()).isEqualTo("k8s.cni.cncf.io/v1");
        assertThat(JSON.readTree(nad.at("/spec/config").asText()).at("/plugins/0/type").asText()).isEqualTo("antrea");
        // A quantity stays a string, and nothing empty or null is written.
        assertThat(pod.at("/spec/containers/0/resources/limits/mellanox.com~1cx5_sriov_switchdev").isTextual()).isTrue();
        assertThat(Files.readString(out.resolve("pod-default-mellanox-antrea-example.yaml"))).doesNotContain("null", "{}", "[]");
    }

    @Test
    void nodeLabelsSelectEachPolicysNodes() throws IOException {
        Path out = dir.resolve("out");
        assertThat(CommandRun.of("render", "-f", EXAMPLES.resolve("yusur-kube-ovn.yaml").toString(),
                "-f", EXAMPLES.resolve("bluefield2-ovn-kubernetes.yaml").toString(), "-o", out.toString()).exitCode()).isZero();

        assertThat(Files.readAllLines(out.resolve("node-labels.txt"))).containsExactly(
                "kubectl label nodes -l kubernetes.io/os=linux policy.hwoffload.io/yusur-kube-ovn=",
                "kubectl label nodes -l k8s.ovn.org/dpu-host= policy.hwoffload.io/bluefield2-dpu-host=",
                "kubectl label nodes -l k8s.ovn.org/dpu-host= k8s.ovn.org/dpu-host=",
                "kubectl label nodes -l k8s.ovn.org/dpu= policy.hwoffload.io/bluefield2-dpu=",
                "kubectl label nodes -l k8s.ovn.org/dpu= k8s.ovn.org/dpu=");
    }

    @Test
    void twoKubeOvnPoliciesWriteOneConfigMapAndAnInstallFileEach() throws IOException {
        Path out = dir.resolve("out");
        CommandRun run = CommandRun.of("render", "-f", EXAMPLES.resolve("yusur-kube-ovn.yaml").toString(),
                "-f", EXAMPLES.resolve("corigine-kube-ovn.yaml").toString(), "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(listing(out)).contains("kube-ovn-install-yusur-kube-ovn.env", "kube-ovn-install-corigine-kube-ovn.env")
                .doesNotContain("kube-ovn-install.env");
        JsonNode configMap = YAML.readTree(out.resolve("configmap-kube-system-sriovdp-config.yaml").toFile());
        assertThat(JSON.readTree(configMap.at("/data/config.json").asText()).get("resourceList")).hasSize(2);
    }

    @Test
    void aBadPolicyIsExit2WithEveryProblemAndWritesNothing() throws IOException {
        Path policy = dir.resolve("corigine-lb.yaml");
        Files.writeString(policy, Files.readString(EXAMPLES.resolve("corigine-kube-ovn.yaml"))
                .replace("enableLb: false", "enableLb: true").replace("vfRange: 0-3", "vfRange: 1-3")
                .replace("pfNames: [ens47np0, ens47]", "rootDevices: []"));
        Path out = dir.resolve("out");

        CommandRun run = CommandRun.of("render", "-f", policy.toString(), "-o", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("2 problems",
                "policies[corigine-kube-ovn].spec.cni.kubeOvn.enableLb: is true", "set enableLb: false",
                "policies[corigine-kube-ovn].spec.resourcePools[0].vfRange: ");
        assertThat(out).doesNotExist();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anInvalidPolicyFileIsExit2NamingTheFileAndField() throws IOException {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, Files.readString(EXAMPLES.resolve("mellanox-antrea.yaml")).replace("numVfs: 4", "numVfs: many"));
        Path out = dir.resolve("out");

        CommandRun run = CommandRun.of("render", "-f", EXAMPLES.resolve("yusur-kube-ovn.yaml").toString(),
                "-f", policy.toString(), "-o", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(policy.toString(), "spec.numVfs");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutputPathThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "mine\n");

        CommandRun run = CommandRun.of("render", "-f", EXAMPLES.resolve("mellanox-antrea.yaml").toString(), "-o", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("-o " + file, "is not a directory");
        assertThat(Files.readString(file)).isEqualTo("mine\n");
    }

    @Test
    void helpExplainsTheOutputs() {
        CommandRun run = CommandRun.of("render", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("configmap-kube-system-sriovdp-config.yaml", "networkattachmentdefinition-",
                "kube-ovn-install.env", "kube-ovn-v2-values.yaml", "ovs-dpdk-config", "antrea-values.yaml",
                "ovnkube-node-<policy>.env",
                "node-labels.txt", "exit 2");
    }

    private static List<String> listing(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
