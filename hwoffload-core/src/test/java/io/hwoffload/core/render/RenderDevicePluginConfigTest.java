package io.hwoffload.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.hwoffload.core.render.TestPolicies.connectX5;
import static io.hwoffload.core.render.TestPolicies.policy;
import static io.hwoffload.core.render.TestPolicies.problems;
import static io.hwoffload.core.render.TestPolicies.render;
import static org.assertj.core.api.Assertions.assertThat;

class RenderDevicePluginConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void poolsOfTwoPoliciesMergeIntoOneConfigMap() throws IOException {
        RenderedCluster cluster = render(connectX5("cx5-a", "ens1f0", "pool_a", "0-3"),
                policy("corigine", """
                          nicSelector: {vendor: "19ee", deviceID: "4000", pfNames: [ens47]}
                          numVfs: 4
                          resourcePools: [{resourcePrefix: corigine.com, resourceName: agilio_sriov}]
                          cni: {type: kube-ovn, kubeOvn: {enableLb: false}}
                        """));

        assertThat(cluster.devicePluginConfig().getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(cluster.devicePluginConfig().getMetadata().getName()).isEqualTo("sriovdp-config");
        assertThat(configJson(cluster)).isEqualTo(JSON.readTree("""
                {"resourceList": [
                  {"resourcePrefix": "mellanox.com", "resourceName": "pool_a",
                   "selectors": {"vendors": ["15b3"], "devices": ["1018"], "drivers": ["mlx5_core"], "pfNames": ["ens1f0"]}},
                  {"resourcePrefix": "corigine.com", "resourceName": "agilio_sriov",
                   "selectors": {"vendors": ["19ee"], "devices": ["6003"], "drivers": ["nfp_netvf"], "pfNames": ["ens47"]}}
                ]}"""));
    }

    @Test
    void theSamePoolInTwoPoliciesIsOneEntryOverBothPfs() throws IOException {
        RenderedCluster cluster = render(connectX5("rack-a", "ens1f0", "cx5", "0-3"), connectX5("rack-b", "ens1f1", "cx5", "1-3"));

        JsonNode resources = configJson(cluster).get("resourceList");
        assertThat(resources).hasSize(1);
        assertThat(resources.get(0).at("/selectors/pfNames")).isEqualTo(JSON.readTree("[\"ens1f0\", \"ens1f1#1-3\"]"));
    }

    @Test
    void theSamePoolNameForOtherVfsIsAProblem() {
        assertThat(problems(connectX5("rack-a", "ens1f0", "cx5", "0-3"), policy("any-cx5", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5, isRdma: true}]
                  cni: {type: antrea}
                """))).singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("policies[any-cx5].spec.resourcePools[0].resourceName");
                    assertThat(problem.message()).contains("mellanox.com/cx5 is also policies[rack-a].spec.resourcePools[0]",
                            "ens1f0", "give this pool its own resourceName");
                });
    }

    @Test
    void aPartOfTheVfsIsSelectedPerNamedPf() throws IOException {
        RenderedCluster cluster = render(policy("two-pfs", """
                  nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [ens1f0, ens1f1]}
                  numVfs: 8
                  resourcePools:
                    - {resourcePrefix: mellanox.com, resourceName: low, vfRange: 0-3}
                    - {resourcePrefix: mellanox.com, resourceName: high, vfRange: 4-7}
                  cni: {type: antrea}
                """));

        JsonNode resources = configJson(cluster).get("resourceList");
        assertThat(resources.get(0).at("/selectors/pfNames")).isEqualTo(JSON.readTree("[\"ens1f0#0-3\", \"ens1f1#0-3\"]"));
        assertThat(resources.get(1).at("/selectors/pfNames")).isEqualTo(JSON.readTree("[\"ens1f0#4-7\", \"ens1f1#4-7\"]"));
    }

    /** The policy's {@code 0,2-7} keeps VF 1 (say, a management port) out, written as the plugin reads lists. */
    @Test
    void aListOfVfsIsWrittenAsTheSelectorList() throws IOException {
        JsonNode selectors = configJson(render(policy("list", """
                  nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [ens1f0]}
                  numVfs: 8
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5, vfRange: "2-7,0"}]
                  cni: {type: antrea}
                """))).at("/resourceList/0/selectors");

        assertThat(selectors.get("pfNames")).isEqualTo(JSON.readTree("[\"ens1f0#0,2-7\"]"));
    }

    /** With two ConnectX-5 cards, a vendor/device/driver selector alone also takes the VFs of the card not configured. */
    @Test
    void aPoolOfEveryVfIsStillScopedToThePoliciesPfs() throws IOException {
        JsonNode selectors = configJson(render(connectX5("all", "ens1f0", "cx5", "0-3"))).at("/resourceList/0/selectors");

        assertThat(selectors.get("pfNames")).isEqualTo(JSON.readTree("[\"ens1f0\"]"));
        assertThat(selectors.has("rootDevices")).isFalse();
        JsonNode unscoped = configJson(render(policy("any-cx5", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5}]
                  cni: {type: antrea}
                """))).at("/resourceList/0/selectors");
        assertThat(unscoped.has("pfNames")).as("a policy that names no PF takes them all").isFalse();
    }

    @Test
    void aPfNamedByAddressGetsItsRangeAsARootDevice() throws IOException {
        RenderedCluster cluster = render(policy("by-address", """
                  nicSelector: {vendor: "15b3", deviceID: "1017", rootDevices: ["0000:03:00.0"]}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5, vfRange: 2-3}]
                  cni: {type: antrea}
                """));

        assertThat(configJson(cluster).at("/resourceList/0/selectors/rootDevices"))
                .isEqualTo(JSON.readTree("[\"0000:03:00.0#2-3\"]"));
    }

    @Test
    void aPartOfTheVfsOfUnnamedPfsIsAProblem() {
        assertThat(problems(policy("any-cx5", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5, vfRange: 1-3}]
                  cni: {type: antrea}
                """))).singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("policies[any-cx5].spec.resourcePools[0].vfRange");
                    assertThat(problem.message()).contains("name the PFs in spec.nicSelector.pfNames or rootDevices");
                });
    }

    @Test
    void isRdmaIsASelectorAndAppearsOnlyWhenTrue() throws IOException {
        JsonNode plain = configJson(render(connectX5("plain", "ens1f0", "cx5", "0-3"))).at("/resourceList/0");
        JsonNode rdma = configJson(render(policy("rdma", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5, isRdma: true}]
                  cni: {type: antrea}
                """))).at("/resourceList/0");

        assertThat(plain.has("isRdma")).isFalse();
        assertThat(plain.at("/selectors").has("isRdma")).isFalse();
        // The plugin ignores a top-level isRdma silently (GenericNetDeviceSelectors.IsRdma is a selector).
        assertThat(rdma.has("isRdma")).isFalse();
        assertThat(rdma.at("/selectors/isRdma").isBoolean()).isTrue();
        assertThat(rdma.at("/selectors/isRdma").asBoolean()).isTrue();
    }

    @Test
    void devicesAreTheCatalogsVfIdsSortedAndDriversOnlyWhenKnown() throws IOException {
        JsonNode yunsilicon = configJson(render(policy("ys", """
                  nicSelector: {vendor: "1f67", deviceID: "1111"}
                  numVfs: 2
                  resourcePools: [{resourcePrefix: yunsilicon.com, resourceName: xsc}]
                  cni: {type: kube-ovn}
                """))).at("/resourceList/0/selectors");
        JsonNode yusur = configJson(render(policy("yusur", """
                  nicSelector: {vendor: "1f47", deviceID: "1001"}
                  numVfs: 2
                  resourcePools: [{resourcePrefix: yusur.tech, resourceName: dpu}]
                  cni: {type: kube-ovn}
                """))).at("/resourceList/0/selectors");

        // The catalog lists 1112 before 1012.
        assertThat(yunsilicon.get("devices")).isEqualTo(JSON.readTree("[\"1012\", \"1112\"]"));
        assertThat(yunsilicon.get("drivers")).isEqualTo(JSON.readTree("[\"xsc-pci\"]"));
        assertThat(yusur.has("drivers")).isFalse();
    }

    @Test
    void noPoolMeansNoConfigMap() {
        RenderedCluster cluster = render(policy("dpu", """
                  nicSelector: {vendor: "15b3", deviceID: "a2d6", pfNames: [p0]}
                  cni: {type: ovn-kubernetes, ovnKubernetes: {nodeMode: dpu, hostNodeName: host, gatewayInterface: p0}}
                """));

        assertThat(cluster.devicePluginConfig()).isNull();
        assertThat(cluster.networkAttachments()).isEmpty();
        assertThat(cluster.examplePods()).isEmpty();
    }

    @Test
    void configJsonIsPrettyPrinted() {
        String text = render(connectX5("a", "ens1f0", "cx5", "0-3")).devicePluginConfig().getData().get("config.json");

        assertThat(text).startsWith("{\n  \"resourceList\": [\n    {\n      \"resourcePrefix\": \"mellanox.com\",\n")
                .endsWith("}\n");
    }

    private static JsonNode configJson(RenderedCluster cluster) throws IOException {
        return JSON.readTree(cluster.devicePluginConfig().getData().get("config.json"));
    }
}
