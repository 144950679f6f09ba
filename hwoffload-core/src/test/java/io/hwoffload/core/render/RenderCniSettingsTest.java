package io.hwoffload.core.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.hwoffload.core.render.TestPolicies.policy;
import static io.hwoffload.core.render.TestPolicies.render;
import static org.assertj.core.api.Assertions.assertThat;

class RenderCniSettingsTest {

    private static String kubeOvn(String name, String iface) {
        return policy(name, """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: kube-ovn, kubeOvn: {iface: %s, enableLb: false}}
                  ovs: {hwOffload: true}
                """.formatted(iface));
    }

    @Test
    void oneKubeOvnPolicyWritesThePlainFileNames() {
        List<CniSettingsFile> files = render(kubeOvn("only", "p0")).cniSettings();
        assertThat(files).extracting(CniSettingsFile::fileName)
                .containsExactly("kube-ovn-install.env", "kube-ovn-values.yaml", "kube-ovn-v2-values.yaml");
        assertThat(files.get(0).content()).isEqualTo("HW_OFFLOAD=true\nENABLE_LB=false\nIFACE=p0\n");
        assertThat(files.get(0).description()).contains("install.sh", "only");
    }

    /** The same three settings under each chart's keys (kubeovn/kube-ovn charts/kube-ovn and charts/kube-ovn-v2). */
    @Test
    void bothKubeOvnChartsGetTheirValues() {
        List<CniSettingsFile> files = render(kubeOvn("only", "p0")).cniSettings();
        assertThat(files.get(1).content()).isEqualTo("""
                func:
                  HW_OFFLOAD: true
                  ENABLE_LB: false
                networking:
                  IFACE: "p0"
                """);
        assertThat(files.get(2).content()).isEqualTo("""
                features:
                  enableHardwareOffload: true
                  enableLoadbalancer: false
                agent:
                  interface: "p0"
                """);
        assertThat(files.get(2).description()).contains("helm install kube-ovn kubeovn/kube-ovn-v2 -f kube-ovn-v2-values.yaml");
    }

    @Test
    void severalPoliciesOfOneCniGetTheirNamesInTheirFileNames() {
        RenderedCluster cluster = render(kubeOvn("rack-a", "p0"), kubeOvn("rack-b", "ens1f0"), policy("cx5", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: antrea}
                """));

        assertThat(cluster.cniSettings()).extracting(CniSettingsFile::fileName)
                .containsExactly("kube-ovn-install-rack-a.env", "kube-ovn-values-rack-a.yaml", "kube-ovn-v2-values-rack-a.yaml",
                        "kube-ovn-install-rack-b.env", "kube-ovn-values-rack-b.yaml", "kube-ovn-v2-values-rack-b.yaml",
                        "antrea-values.yaml");
        assertThat(cluster.cniSettings().get(3).content()).contains("IFACE=ens1f0\n");
    }

    @Test
    void withoutOvsHwOffloadTheInstallerLeavesOffloadOffAndIfaceToItsDefault() {
        assertThat(render(policy("plain", """
                  nicSelector: {vendor: "1f47", deviceID: "1001"}
                  cni: {type: kube-ovn}
                """)).cniSettings().get(0).content()).isEqualTo("HW_OFFLOAD=false\nENABLE_LB=true\n");
    }

    @Test
    void antreaValuesFollowOvsHwOffload() {
        assertThat(render(policy("offload-on", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: antrea}
                  ovs: {hwOffload: true}
                """)).cniSettings().get(0).content()).isEqualTo("ovs:\n  hwOffload: true\n");
        assertThat(render(policy("offload-off", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: antrea}
                """)).cniSettings().get(0).content()).isEqualTo("ovs:\n  hwOffload: false\n");
    }

    @Test
    void aFullModeOvnKubernetesNodeNeedsNoVariables() {
        assertThat(render(policy("full", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: ovn-kubernetes}
                """)).cniSettings()).singleElement().satisfies(file -> {
            assertThat(file.fileName()).isEqualTo("ovnkube-node-full.env");
            assertThat(file.content()).isEmpty();
        });
    }

    @ParameterizedTest
    @CsvSource({"enp2s0f0np0, 0, enp2s0f0v0", "enp2s0f0np0, 7, enp2s0f0v7", "enp3s0f1, 2, enp3s0f1v2",
            "ens1f0np0, 1, ens1f0v1", "enP2p65s0f0np0, 3, enP2p65s0f0v3"})
    void theManagementVfIsNamedTheSystemdWay(String pf, int vf, String netdev) {
        assertThat(ManagementPortNetdev.of(pf, vf)).contains(netdev);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "p0", "uplink", "enp2s0f0np0x", "enp10s31f7np3"})
    void aPfNameSystemdDidNotGiveHasNoKnownVfName(String pf) {
        // enp10s31f7np3's VF 10000 would be longer than an interface name may be.
        assertThat(ManagementPortNetdev.of(pf, 10000)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"CPU_MASK|0x02|CPU_MASK=0x02", "SOCKET_MEM|2048,2048|SOCKET_MEM=\"2048,2048\"",
            "DPDK_DEV|0000:b3:00.0|DPDK_DEV=0000:b3:00.0", "ENCAP_IP|6.6.6.208/24|ENCAP_IP=6.6.6.208/24",
            "EXTRA|a=b|EXTRA=\"a=b\"", "EMPTY|''|EMPTY=\"\""})
    void shellValuesAreQuotedOnlyWhenTheyHoldMoreThanAWord(String name, String value, String line) {
        assertThat(ShellAssignment.line(name, value)).isEqualTo(line);
    }

    /** helm/ovn-kubernetes at 8871cd9c: the host cluster's ovnkube-node-dpu-host chart, the DPU cluster's globals. */
    @Test
    void ovnKubernetesDpuSidesGetTheHelmValuesOfTheirClusters() {
        RenderedCluster cluster = render(policy("host", """
                  nicSelector: {vendor: "15b3", deviceID: "a2d6", pfNames: [enp2s0f0np0]}
                  numVfs: 4
                  resourcePools:
                    - {resourcePrefix: mellanox.com, resourceName: mgmt, vfRange: "0"}
                    - {resourcePrefix: mellanox.com, resourceName: pods, vfRange: "2-3"}
                  cni:
                    type: ovn-kubernetes
                    networkAttachment: {name: default, namespace: kube-system}
                    ovnKubernetes: {nodeMode: dpu-host, managementVf: 1, managementPortPool: mgmt}
                """), policy("dpu", """
                  nicSelector: {vendor: "15b3", deviceID: "a2d6", pfNames: [p0]}
                  cni:
                    type: ovn-kubernetes
                    ovnKubernetes:
                      nodeMode: dpu
                      hostNodeName: dpu-host
                      gatewayInterface: brp0
                      hostCluster: {apiServer: "https://172.25.0.2:6443", networkCidr: 10.244.0.0/16/24,
                                    serviceCidr: 10.96.0.0/16}
                """));

        Map<String, CniSettingsFile> files = cluster.cniSettings().stream()
                .collect(java.util.stream.Collectors.toMap(CniSettingsFile::fileName, f -> f));
        assertThat(files.get("ovnkube-node-host.env").content()).isEqualTo("OVNKUBE_NODE_MODE=dpu-host\n"
                + "OVNKUBE_NODE_MGMT_PORT_NETDEV=enp2s0f0v1\nOVNKUBE_NODE_MGMT_PORT_DP_RESOURCE_NAME=mellanox.com/mgmt\n");
        assertThat(files.get("ovn-kubernetes-dpu-host-values.yaml").content()).isEqualTo("""
                tags:
                  ovnkube-node-dpu-host: true
                  ovs-node: false
                global:
                  enableOvnKubeIdentity: false
                ovnkube-node-dpu-host:
                  nodeMgmtPortNetdev: "enp2s0f0v1"
                  mgmtPortVFResourceName: "mellanox.com/mgmt"
                  mgmtPortVFsCount: 1
                """);
        assertThat(files.get("ovn-kubernetes-dpu-values.yaml").content()).isEqualTo("""
                global:
                  enableOvnKubeIdentity: false
                  dpuHostClusterK8sAPIServer: "https://172.25.0.2:6443"
                  dpuHostClusterNetworkCIDR: "10.244.0.0/16/24"
                  dpuHostClusterServiceCIDR: "10.96.0.0/16"
                  dpuHostClusterK8sToken: ""
                  dpuHostClusterK8sCACertData: ""
                """);
        assertThat(files.get("ovn-kubernetes-dpu-values.yaml").description()).contains("ovnkube-node-sa-for-dpu");
        assertThat(cluster.networkAttachments()).singleElement().satisfies(nad -> assertThat(nad.getMetadata()
                .getAnnotations()).containsEntry("k8s.v1.cni.cncf.io/resourceName", "mellanox.com/pods"));
    }

    @Test
    void everyPolicyLabelsItsNodesAndOnlyDpuModesAddOvnKubernetesRoleLabels() {
        RenderedCluster cluster = render(kubeOvn("plain", "p0"), policy("full", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: ovn-kubernetes}
                """));

        assertThat(cluster.nodeLabels()).containsExactly(new NodeLabel("plain", "policy.hwoffload.io/plain", ""),
                new NodeLabel("full", "policy.hwoffload.io/full", ""));
    }
}
