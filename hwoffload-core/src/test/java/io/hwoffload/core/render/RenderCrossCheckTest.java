package io.hwoffload.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinitionBuilder;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.policy.OffloadPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.hwoffload.core.render.TestPolicies.connectX5;
import static io.hwoffload.core.render.TestPolicies.policy;
import static io.hwoffload.core.render.TestPolicies.problems;
import static io.hwoffload.core.render.TestPolicies.read;
import static io.hwoffload.core.render.TestPolicies.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each cross-check: a policy set that breaks it gives a problem naming the field to fix. */
class RenderCrossCheckTest {

    private static final String KUBE_OVN_CX5 = policy("cx5-kube-ovn", """
              nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [ens1f0]}
              numVfs: 4
              resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx5}]
              cni:
                type: kube-ovn
                networkAttachment: {name: offload, namespace: kube-system}
                kubeOvn: {enableLb: false}
            """);

    private static final String DPU_HOST = policy("dpu-host", """
              nicSelector: {vendor: "15b3", deviceID: "a2d6", pfNames: [enp2s0f0np0]}
              numVfs: 3
              resourcePools: [{resourcePrefix: mellanox.com, resourceName: cx6, vfRange: 1-2}]
              cni:
                type: ovn-kubernetes
                networkAttachment: {name: default, namespace: kube-system}
                ovnKubernetes: {nodeMode: dpu-host, managementVf: 0}
            """);

    @Test
    void aCorigineNicWithOvnLoadBalancersIsAProblem() throws IOException {
        String seedPolicy = Files.readString(Path.of("../examples/policies/corigine-kube-ovn.yaml"));

        assertThat(problems(seedPolicy.replace("enableLb: false", "enableLb: true"))).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("policies[corigine-kube-ovn].spec.cni.kubeOvn.enableLb");
            assertThat(problem.message()).contains("nic.corigine-agilio-cx.dp_hash", "set enableLb: false");
        });
        assertThat(problems(seedPolicy.replace("      enableLb: false\n", ""))).extracting(RenderProblem::field)
                .containsExactly("policies[corigine-kube-ovn].spec.cni.kubeOvn.enableLb");
    }

    /** Kube-OVN's Mellanox guide asks for OVN LB off on ConnectX-5/6 and BlueField as well (no dp_hash offload). */
    @Test
    void aMellanoxNicWithOvnLoadBalancersIsAProblemToo() {
        assertThat(problems(KUBE_OVN_CX5.replace("kubeOvn: {enableLb: false}", "kubeOvn: {iface: ens1f0}")))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("policies[cx5-kube-ovn].spec.cni.kubeOvn.enableLb");
                    assertThat(problem.message()).contains("nic.mellanox-connectx5.dp_hash", "features.enableLoadbalancer");
                });
        assertThat(render(KUBE_OVN_CX5).cniSettings().get(0).content()).contains("ENABLE_LB=false\n");
    }

    @Test
    void anUnknownNicIsAProblemNamingTheNicSelector() {
        assertThat(problems(policy("mystery", """
                  nicSelector: {vendor: "abcd", deviceID: "0001"}
                  numVfs: 2
                  resourcePools: [{resourcePrefix: example.com, resourceName: vf}]
                  cni: {type: antrea}
                """))).singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("policies[mystery].spec.nicSelector");
                    assertThat(problem.message()).contains("no NIC model in the catalog has PF abcd:0001", "mellanox-connectx5");
                });
    }

    @Test
    void aNicSelectedByNameOnlyIsAProblemNamingTheNicSelector() {
        assertThat(problems(policy("by-name", """
                  nicSelector: {pfNames: [ens1f0]}
                  cni: {type: antrea}
                """))).extracting(RenderProblem::field).containsExactly("policies[by-name].spec.nicSelector");
    }

    @Test
    void anAttachmentWithoutAPoolIsAProblemNamingTheResourcePools() {
        assertThat(problems(policy("no-pool", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  numVfs: 4
                  cni:
                    type: antrea
                    networkAttachment: {name: default}
                """))).singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("policies[no-pool].spec.resourcePools");
                    assertThat(problem.message()).contains("default/default", "add a pool");
                });
    }

    @Test
    void anAttachmentsResourceMustBeAdvertised() {
        List<OffloadPolicy> policies = read(KUBE_OVN_CX5);
        RenderedCluster cluster = render(KUBE_OVN_CX5);
        ConfigMap otherPool = new ConfigMapBuilder(cluster.devicePluginConfig())
                .addToData("config.json", "{\"resourceList\": [{\"resourcePrefix\": \"mellanox.com\", \"resourceName\": \"other\"}]}")
                .build();

        assertThat(check(policies, withConfigMap(cluster, otherPool))).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("policies[cx5-kube-ovn].spec.cni.networkAttachment");
            assertThat(problem.message()).contains("asks for mellanox.com/cx5", "does not advertise (it has: mellanox.com/other)");
        });
        assertThat(check(policies, withConfigMap(cluster, null))).extracting(RenderProblem::field)
                .containsExactly("policies[cx5-kube-ovn].spec.cni.networkAttachment");
    }

    @Test
    void aKubeOvnProviderMustNameItsAttachment() {
        List<OffloadPolicy> policies = read(KUBE_OVN_CX5);
        RenderedCluster cluster = render(KUBE_OVN_CX5);
        NetworkAttachmentDefinition nad = cluster.networkAttachments().get(0);
        String config = nad.getSpec().getConfig();
        assertThat(config).contains("\"provider\": \"offload.kube-system.ovn\"");
        NetworkAttachmentDefinition wrongProvider = new NetworkAttachmentDefinitionBuilder(nad).editSpec()
                .withConfig(config.replace("offload.kube-system.ovn", "offload.default.ovn")).endSpec().build();

        assertThat(check(policies, withAttachment(cluster, wrongProvider))).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("policies[cx5-kube-ovn].spec.cni.networkAttachment");
            assertThat(problem.message()).contains("'offload.default.ovn'", "offload.kube-system.ovn");
        });
    }

    @Test
    void theManagementVfMustBeInNoPoolOfAnyPolicy() {
        String everyCx6Vf = policy("greedy", """
                  nicSelector: {vendor: "15b3", deviceID: "101d"}
                  numVfs: 8
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: all_cx6}]
                  cni: {type: antrea}
                """);

        assertThat(problems(DPU_HOST, everyCx6Vf)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("policies[dpu-host].spec.cni.ovnKubernetes.managementVf");
            assertThat(problem.message()).contains("VF 0 of enp2s0f0np0", "mellanox.com/all_cx6");
        });
        assertThat(render(DPU_HOST).cniSettings()).isNotEmpty();
    }

    @Test
    void theManagementVfNeedsASystemdNamedPf() {
        assertThat(problems(DPU_HOST.replace("enp2s0f0np0", "uplink0"))).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("policies[dpu-host].spec.cni.ovnKubernetes.managementVf");
            assertThat(problem.message()).contains("uplink0", "systemd");
        });
        assertThat(problems(DPU_HOST.replace("[enp2s0f0np0]", "[enp2s0f0np0, enp2s0f1np1]")))
                .extracting(RenderProblem::field).containsExactly("policies[dpu-host].spec.cni.ovnKubernetes.managementVf");
    }

    @Test
    void twoPoliciesMustNotClaimTheSameVfsOfOnePf() {
        // Reported on both: either policy can give way (the operator lets the one that changed).
        assertThat(problems(connectX5("a", "ens1f0", "low", "0-2"), connectX5("b", "ens1f0", "high", "2-3")))
                .satisfiesExactlyInAnyOrder(problem -> {
                    assertThat(problem.field()).isEqualTo("policies[b].spec.resourcePools[0].vfRange");
                    assertThat(problem.message()).contains("VFs 2-3 of ens1f0 overlap pool mellanox.com/low (VFs 0-2) of policy a");
                }, problem -> {
                    assertThat(problem.field()).isEqualTo("policies[a].spec.resourcePools[0].vfRange");
                    assertThat(problem.message()).contains("VFs 0-2 of ens1f0 overlap pool mellanox.com/high (VFs 2-3) of policy b");
                });
        assertThat(render(connectX5("a", "ens1f0", "low", "0-1"), connectX5("b", "ens1f0", "high", "2-3"))
                .devicePluginConfig()).isNotNull();
    }

    @Test
    void policiesForDisjointNodesMayUseTheSameVfs() {
        String a = connectX5("a", "ens1f0", "low", "0-2");
        String b = connectX5("b", "ens1f0", "high", "2-3");
        assertThat(render(a.replace("spec:", "spec:\n  nodeSelector: {rack: a}"),
                b.replace("spec:", "spec:\n  nodeSelector: {rack: b}")).devicePluginConfig()).isNotNull();
        assertThat(problems(a.replace("spec:", "spec:\n  nodeSelector: {rack: a}"), b)).hasSize(2);
    }

    @Test
    void twoPoliciesNamingOnePfByAddressMustNotOverlapEither() {
        String byAddress = """
                  nicSelector: {vendor: "15b3", deviceID: "1017", rootDevices: ["0000:03:00.0"]}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: %s, vfRange: %s}]
                  cni: {type: antrea}
                """;

        assertThat(problems(policy("a", byAddress.formatted("low", "0-2")), policy("b", byAddress.formatted("high", "1-3"))))
                .extracting(RenderProblem::field).containsExactlyInAnyOrder("policies[a].spec.resourcePools[0].vfRange",
                        "policies[b].spec.resourcePools[0].vfRange");
    }

    @Test
    void twoAttachmentsOfOneNameMustBeTheSame() {
        assertThat(problems(KUBE_OVN_CX5, KUBE_OVN_CX5.replace("cx5-kube-ovn", "other").replace("type: kube-ovn", "type: antrea")
                .replace("pfNames: [ens1f0]", "pfNames: [ens2f0]").replace("    kubeOvn: {enableLb: false}\n", "")))
                .extracting(RenderProblem::field).containsExactly("policies[other].spec.cni.networkAttachment");
    }

    @Test
    void twoPoliciesOfOneNameAreAProblem() {
        assertThat(problems(connectX5("same", "ens1f0", "a", "0-3"), connectX5("same", "ens2f0", "b", "0-3")))
                .extracting(RenderProblem::field).containsExactly("policies[same].metadata.name");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String corigine = policy("corigine", """
                  nicSelector: {vendor: "19ee", deviceID: "4000", pfNames: [ens47]}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: corigine.com, resourceName: agilio}]
                  cni: {type: kube-ovn, kubeOvn: {enableLb: true}}
                """);
        String unknown = policy("unknown", """
                  nicSelector: {vendor: "abcd", deviceID: "0001"}
                  cni: {type: antrea}
                """);

        assertThatThrownBy(() -> render(corigine, unknown, DPU_HOST.replace("enp2s0f0np0", "uplink0")))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("cannot render the policies: 3 problems\n  policies[")
                .hasMessageContaining("policies[unknown].spec.nicSelector: ")
                .hasMessageContaining("policies[corigine].spec.cni.kubeOvn.enableLb: ")
                .hasMessageContaining("policies[dpu-host].spec.cni.ovnKubernetes.managementVf: ");
    }

    private static List<RenderProblem> check(List<OffloadPolicy> policies, RenderedCluster cluster) {
        RenderProblems problems = new RenderProblems();
        PolicyNicModels models = PolicyNicModels.resolve(policies, NicCatalog.bundled(), problems);
        new RenderedClusterChecks(models, problems).check(policies, cluster);
        try {
            problems.throwIfAny();
            return List.of();
        } catch (RenderException e) {
            return e.problems();
        }
    }

    private static RenderedCluster withConfigMap(RenderedCluster cluster, ConfigMap configMap) {
        return new RenderedCluster(configMap, cluster.networkAttachments(), cluster.examplePods(), cluster.cniSettings(),
                cluster.nodeLabels());
    }

    private static RenderedCluster withAttachment(RenderedCluster cluster, NetworkAttachmentDefinition nad) {
        return new RenderedCluster(cluster.devicePluginConfig(), List.of(nad), cluster.examplePods(), cluster.cniSettings(),
                cluster.nodeLabels());
    }
}
