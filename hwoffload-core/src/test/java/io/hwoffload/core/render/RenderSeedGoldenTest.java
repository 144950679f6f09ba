package io.hwoffload.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.policy.PolicyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden tests: each seed's Kubernetes objects and CNI settings (copied verbatim into
 * {@code src/test/resources/seed-k8s/<seed>/}) are the expected output of rendering its example policy.
 * The parts a policy determines are compared as parsed trees; the example pods' names and images are the
 * seeds' own choices and are not compared.
 */
class RenderSeedGoldenTest {
    private static final Path EXAMPLES = Path.of("../examples/policies");
    private static final Path SEEDS = Path.of("src/test/resources/seed-k8s");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Multus looks up a default-network given without a namespace in its own namespace, kube-system by default. */
    private static final String MULTUS_NAMESPACE = "kube-system";

    enum Seed {
        YUSUR("000_3b5c403c0ac9e3bd", "yusur-kube-ovn", "yusur-kube-ovn"),
        CORIGINE("001_b2254b617bf87a08", "corigine-kube-ovn", "corigine-kube-ovn"),
        YUNSILICON("002_732038c9568f09e7", "yunsilicon-kube-ovn", "yunsilicon-kube-ovn"),
        MELLANOX("003_ed8d4aa5b55f4893", "mellanox-antrea", "mellanox-antrea"),
        BLUEFIELD("004_d546dd2f0fec69ae", "bluefield2-ovn-kubernetes", "bluefield2-dpu-host");

        final String directory;
        final String policyFile;
        /** The policy whose objects the seed shows (BlueField-2: the DPU host's; the DPU has no pool). */
        final String policyName;

        Seed(String directory, String policyFile, String policyName) {
            this.directory = directory;
            this.policyFile = policyFile;
            this.policyName = policyName;
        }
    }

    private enum Part { DEVICE_PLUGIN_ENTRY, EXAMPLE_POD }

    /** A difference from a seed that we make on purpose; {@code applyToSeed} turns the seed's tree into ours. */
    private record Deviation(Seed seed, Part part, String reason, Consumer<ObjectNode> applyToSeed) {
    }

    /** Every known, deliberate difference from the seeds, with its reason. There are no others. */
    private static final List<Deviation> DEVIATIONS = List.of(
            new Deviation(Seed.BLUEFIELD, Part.DEVICE_PLUGIN_ENTRY, "the seed's entry has no resourcePrefix, so the"
                    + " device plugin would advertise intel.com/mlnx_sriov_cx6 while its NAD asks for"
                    + " mellanox.com/mlnx_sriov_cx6; we write the policy's prefix, mellanox.com",
                    seed -> seed.put("resourcePrefix", "mellanox.com")),
            new Deviation(Seed.YUNSILICON, Part.DEVICE_PLUGIN_ENTRY, "the seed selects no driver; we write the"
                    + " catalog's VF driver xsc-pci, which narrows the pool to VFs bound to it (a model without a"
                    + " catalog driver, like YUSUR's, gets no drivers selector)",
                    seed -> ((ObjectNode) seed.get("selectors")).putArray("drivers").add("xsc-pci")),
            new Deviation(Seed.MELLANOX, Part.DEVICE_PLUGIN_ENTRY, "the seed writes isRdma at the top level of the"
                    + " entry, where the device plugin has ignored it since v3.3 (it is a selector:"
                    + " GenericNetDeviceSelectors.IsRdma in pkg/types/types.go), so its pool gets no RDMA device;"
                    + " we write it inside selectors",
                    seed -> ((ObjectNode) seed.get("selectors")).set("isRdma", seed.remove("isRdma"))),
            scopedToItsPf(Seed.YUSUR, "rootDevices", "0000:00:0a.0"),
            // The PF's name under the CoreNIC firmware the card ships with, and under flower.
            scopedToItsPf(Seed.CORIGINE, "pfNames", "ens47np0", "ens47"),
            scopedToItsPf(Seed.YUNSILICON, "pfNames", "p3p1"),
            // A current kernel's name (mlx5's devlink port in legacy mode, since 5.7), and the seed's older one.
            scopedToItsPf(Seed.MELLANOX, "pfNames", "enp3s0f0np0", "enp3s0f0"),
            new Deviation(Seed.MELLANOX, Part.EXAMPLE_POD, "the seed's pod names its default network as a bare"
                    + " 'default', which Multus looks up as kube-system/default, but the seed's NAD has no namespace"
                    + " and lands in 'default'; our pod names the policy's attachment, default/default",
                    seed -> seed.put("defaultNetwork", "default/default")));

    /**
     * The seeds select a pool's VFs by vendor, device and driver only: on a node with a second card of the model (a
     * second ConnectX-5 left in legacy mode, say) that also takes its VFs. We scope the pool to the policy's PF.
     */
    private static Deviation scopedToItsPf(Seed seed, String selector, String... pf) {
        return new Deviation(seed, Part.DEVICE_PLUGIN_ENTRY, "the seed's pool takes every VF of the model on the node;"
                + " ours only those of the policy's PF " + String.join(" or ", pf),
                entry -> {
                    var values = ((ObjectNode) entry.get("selectors")).putArray(selector);
                    for (String name : pf) {
                        values.add(name);
                    }
                });
    }

    @Test
    void everySeedDirectoryIsTested() throws IOException {
        try (var directories = Files.list(SEEDS)) {
            assertThat(directories.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(Seed.values()).map(s -> s.directory).toList());
        }
    }

    // --- device plugin ConfigMap ---

    @ParameterizedTest
    @EnumSource(Seed.class)
    void devicePluginEntryEqualsTheSeeds(Seed seed) throws IOException {
        List<JsonNode> ours = resourceList(renderedConfigJson(seed));
        List<JsonNode> seeds = resourceList(seedConfigJson(seed));

        assertThat(ours).hasSameSizeAs(seeds).hasSize(1);
        assertThat(ours.get(0)).isEqualTo(expected(seed, Part.DEVICE_PLUGIN_ENTRY, seeds.get(0)));
    }

    @ParameterizedTest
    @EnumSource(Seed.class)
    void renderedConfigMapIsTheSeedsObject(Seed seed) throws IOException {
        JsonNode ours = JSON.valueToTree(render(seed).devicePluginConfig());
        JsonNode seeds = seedYaml(seed, "configmap.yaml");

        for (String field : List.of("apiVersion", "kind")) {
            assertThat(ours.get(field)).as(field).isEqualTo(seeds.get(field));
        }
        assertThat(ours.at("/metadata/name")).isEqualTo(seeds.at("/metadata/name"));
        assertThat(ours.at("/metadata/namespace")).isEqualTo(seeds.at("/metadata/namespace"));
        assertThat(ours.get("data").fieldNames()).toIterable().containsExactly("config.json");
    }

    // --- NetworkAttachmentDefinition ---

    @ParameterizedTest
    @EnumSource(Seed.class)
    void networkAttachmentEqualsTheSeeds(Seed seed) throws IOException {
        NetworkAttachmentDefinition ours = render(seed).networkAttachments().get(0);
        JsonNode seeds = seedYaml(seed, seedNadFile(seed));

        assertThat(ours.getApiVersion()).isEqualTo(seeds.get("apiVersion").asText());
        assertThat(ours.getKind()).isEqualTo(seeds.get("kind").asText());
        assertThat(ours.getMetadata().getName()).isEqualTo(seeds.at("/metadata/name").asText());
        // A NAD without a namespace is created in kubectl's current namespace: "default".
        assertThat(ours.getMetadata().getNamespace()).isEqualTo(seeds.at("/metadata/namespace").asText("default"));
        assertThat(ours.getMetadata().getAnnotations()).isEqualTo(
                Map.of("k8s.v1.cni.cncf.io/resourceName", seeds.at("/metadata/annotations/k8s.v1.cni.cncf.io~1resourceName").asText()));
        assertThat(JSON.readTree(ours.getSpec().getConfig())).isEqualTo(JSON.readTree(seeds.at("/spec/config").asText()));
    }

    @Test
    void seed000sNetworkAttachmentAsPrintedIsNotYaml() {
        assertThatThrownBy(() -> seedYaml(Seed.YUSUR, "networkattachmentdefinition.yaml")).isInstanceOf(IOException.class);
    }

    @Test
    void seed003sNetworkAttachmentConfigAsPrintedIsNotJson() throws IOException {
        String config = seedYaml(Seed.MELLANOX, "networkattachmentdefinition.yaml").at("/spec/config").asText();
        assertThatThrownBy(() -> JSON.readTree(config)).isInstanceOf(IOException.class);
    }

    // --- example pod ---

    @ParameterizedTest
    @EnumSource(Seed.class)
    void examplePodSelectsAndRequestsWhatTheSeedsDoes(Seed seed) throws IOException {
        Pod pod = render(seed).examplePods().get(0);
        JsonNode container = JSON.valueToTree(pod.getSpec().getContainers().get(0));
        ObjectNode ours = JSON.createObjectNode();
        ours.put("defaultNetwork", pod.getMetadata().getAnnotations().get("v1.multus-cni.io/default-network"));
        ours.set("requests", container.at("/resources/requests"));
        ours.set("limits", container.at("/resources/limits"));

        JsonNode seedPod = seedYaml(seed, "pod.yaml");
        ObjectNode seeds = JSON.createObjectNode();
        seeds.put("defaultNetwork", resolvedDefaultNetwork(seedPod.at("/metadata/annotations/v1.multus-cni.io~1default-network").asText()));
        seeds.set("requests", seedPod.at("/spec/containers/0/resources/requests"));
        seeds.set("limits", seedPod.at("/spec/containers/0/resources/limits"));

        assertThat(pod.getSpec().getContainers()).hasSize(1);
        assertThat(ours).isEqualTo(expected(seed, Part.EXAMPLE_POD, seeds));
    }

    /** Seeds 003 and 004 write a bare name, which Multus resolves in its own namespace. */
    private static String resolvedDefaultNetwork(String annotation) {
        return annotation.contains("/") ? annotation : MULTUS_NAMESPACE + "/" + annotation;
    }

    // --- CNI settings ---

    @Test
    void yusurInstallVariablesAreTheSeeds() throws IOException {
        assertKubeOvnInstallVariablesMatch(Seed.YUSUR);
    }

    @Test
    void corigineInstallVariablesAreTheSeeds() throws IOException {
        assertKubeOvnInstallVariablesMatch(Seed.CORIGINE);
    }

    private void assertKubeOvnInstallVariablesMatch(Seed seed) throws IOException {
        Map<String, String> ours = assignments(settings(seed, "kube-ovn-install.env").content());
        Map<String, String> seeds = installShDefaults(Files.readString(SEEDS.resolve(seed.directory).resolve("install-sh-options.sh")));

        assertThat(ours).containsOnlyKeys("HW_OFFLOAD", "ENABLE_LB", "IFACE");
        ours.forEach((name, value) -> assertThat(value).as(name).isEqualTo(seeds.get(name)));
    }

    @Test
    void yunsiliconOvsDpdkConfigHasTheSeedsLines() throws IOException {
        List<String> seeds = Files.readAllLines(SEEDS.resolve(Seed.YUNSILICON.directory).resolve("ovs-dpdk-config")).stream()
                .filter(line -> !line.startsWith("#")).toList();

        assertThat(settings(Seed.YUNSILICON, "ovs-dpdk-config").content().lines()).containsExactlyElementsOf(seeds);
    }

    @Test
    void antreaValuesTurnOnTheSeedsHwOffloadFlag() throws IOException {
        JsonNode command = seedYaml(Seed.MELLANOX, "antrea-agent-command.yaml").at("/0/command");
        JsonNode values = YAML.readTree(settings(Seed.MELLANOX, "antrea-values.yaml").content());

        // The chart's ovs.hwOffload is what adds --hw-offload to start_ovs.
        assertThat(command.toString()).contains("\"start_ovs\"", "\"--hw-offload\"");
        assertThat(values).isEqualTo(YAML.readTree("ovs: {hwOffload: true}"));
    }

    @Test
    void blueFieldNodeSettingsAreTheSeeds() throws IOException {
        Path seedDir = SEEDS.resolve(Seed.BLUEFIELD.directory);
        List<String> seedModes = nodeModes(Files.readString(seedDir.resolve("node-modes.txt")));
        JsonNode seedEnv = YAML.readTree(seedDir.resolve("ovnkube-node-dpu-host-env.yaml").toFile());

        Map<String, String> host = assignments(settings(Seed.BLUEFIELD, "ovnkube-node-bluefield2-dpu-host.env").content());
        Map<String, String> dpu = assignments(settings(Seed.BLUEFIELD, "ovnkube-node-bluefield2-dpu.env").content());

        assertThat(seedModes).containsExactly("dpu-host", "dpu");
        assertThat(host).containsOnly(Map.entry("OVNKUBE_NODE_MODE", seedModes.get(0)),
                Map.entry(seedEnv.at("/0/name").asText(), seedEnv.at("/0/value").asText()));
        assertThat(host).containsEntry("OVNKUBE_NODE_MGMT_PORT_NETDEV", "enp2s0f0v0");
        assertThat(dpu).containsOnly(Map.entry("OVNKUBE_NODE_MODE", seedModes.get(1)));
    }

    @Test
    void blueFieldNodeLabelsAreTheSeeds() throws IOException {
        RenderedCluster cluster = render(Seed.BLUEFIELD);
        Map<String, String> seeds = seedNodeLabels(Files.readString(SEEDS.resolve(Seed.BLUEFIELD.directory).resolve("node-labels.sh")));

        assertThat(seeds).containsOnlyKeys("dpu-host", "dpu");
        assertThat(cluster.nodeLabels()).contains(
                new NodeLabel("bluefield2-dpu-host", keyOf(seeds.get("dpu-host")), valueOf(seeds.get("dpu-host"))),
                new NodeLabel("bluefield2-dpu", keyOf(seeds.get("dpu")), valueOf(seeds.get("dpu"))));
        assertThat(cluster.nodeLabels()).extracting(NodeLabel::key).doesNotHaveDuplicates()
                .containsExactly("policy.hwoffload.io/bluefield2-dpu-host", "k8s.ovn.org/dpu-host",
                        "policy.hwoffload.io/bluefield2-dpu", "k8s.ovn.org/dpu");
    }

    // --- the deviations themselves ---

    @Test
    void everyDeviationIsStillADifference() throws IOException {
        for (Deviation deviation : DEVIATIONS) {
            JsonNode seeds = deviation.part() == Part.DEVICE_PLUGIN_ENTRY
                    ? resourceList(seedConfigJson(deviation.seed())).get(0)
                    : JSON.createObjectNode().put("defaultNetwork", resolvedDefaultNetwork(seedYaml(deviation.seed(), "pod.yaml")
                    .at("/metadata/annotations/v1.multus-cni.io~1default-network").asText()));
            ObjectNode repaired = seeds.deepCopy();
            deviation.applyToSeed().accept(repaired);
            assertThat(repaired).as(deviation.reason()).isNotEqualTo(seeds);
        }
    }

    /** The seed's tree with this seed's deviations for {@code part} applied. */
    private static JsonNode expected(Seed seed, Part part, JsonNode seeds) {
        ObjectNode expected = seeds.deepCopy();
        DEVIATIONS.stream().filter(d -> d.seed() == seed && d.part() == part).forEach(d -> d.applyToSeed().accept(expected));
        return expected;
    }

    // --- reading ---

    private static RenderedCluster render(Seed seed) throws IOException {
        Path file = EXAMPLES.resolve(seed.policyFile + ".yaml");
        return new ClusterRenderer(NicCatalog.bundled()).render(PolicyReader.read(Files.readAllBytes(file), file.toString()));
    }

    private static JsonNode renderedConfigJson(Seed seed) throws IOException {
        return JSON.readTree(render(seed).devicePluginConfig().getData().get("config.json"));
    }

    private static JsonNode seedConfigJson(Seed seed) throws IOException {
        return JSON.readTree(seedYaml(seed, "configmap.yaml").at("/data/config.json").asText());
    }

    private static List<JsonNode> resourceList(JsonNode config) {
        List<JsonNode> entries = new ArrayList<>();
        config.get("resourceList").forEach(entries::add);
        return entries;
    }

    private static String seedNadFile(Seed seed) {
        Path repaired = SEEDS.resolve(seed.directory).resolve("networkattachmentdefinition.repaired.yaml");
        return Files.exists(repaired) ? repaired.getFileName().toString() : "networkattachmentdefinition.yaml";
    }

    private static JsonNode seedYaml(Seed seed, String file) throws IOException {
        return YAML.readTree(SEEDS.resolve(seed.directory).resolve(file).toFile());
    }

    private static CniSettingsFile settings(Seed seed, String fileName) throws IOException {
        return render(seed).cniSettings().stream().filter(f -> f.fileName().equals(fileName)).findFirst()
                .orElseThrow(() -> new AssertionError("no CNI settings file " + fileName));
    }

    /** {@code NAME=value} lines. */
    private static Map<String, String> assignments(String text) {
        return text.lines().map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1], (a, b) -> b, LinkedHashMap::new));
    }

    /** install.sh's {@code NAME=${NAME:-default}} and {@code NAME="value"} lines, as the value each gives. */
    private static Map<String, String> installShDefaults(String text) {
        Pattern line = Pattern.compile("([A-Z_]+)=(?:\\$\\{\\1:-(.*)}|\"(.*)\")");
        Map<String, String> values = new LinkedHashMap<>();
        text.lines().map(line::matcher).filter(Matcher::matches)
                .forEach(m -> values.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3)));
        return values;
    }

    /** The modes the guide's sentences set: "... set the OVNKUBE_NODE_MODE argument as "dpu-host"." (full sets none). */
    private static List<String> nodeModes(String text) {
        Matcher m = Pattern.compile("OVNKUBE_NODE_MODE argument as \"([a-z-]+)\"").matcher(text);
        List<String> modes = new ArrayList<>();
        while (m.find()) {
            modes.add(m.group(1));
        }
        return modes;
    }

    /** "kubectl label nodes NODE KEY=VALUE" -> NODE -> KEY=VALUE. */
    private static Map<String, String> seedNodeLabels(String text) {
        return text.lines().map(String::strip).map(line -> line.split(" "))
                .collect(Collectors.toMap(words -> words[3], words -> words[4]));
    }

    private static String keyOf(String label) {
        return label.substring(0, label.indexOf('='));
    }

    private static String valueOf(String label) {
        return label.substring(label.indexOf('=') + 1);
    }
}
