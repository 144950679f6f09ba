package io.hwoffload.core.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    void oneKubeOvnPolicyWritesThePlainFileName() {
        assertThat(render(kubeOvn("only", "p0")).cniSettings()).singleElement().satisfies(file -> {
            assertThat(file.fileName()).isEqualTo("kube-ovn-install.env");
            assertThat(file.content()).isEqualTo("HW_OFFLOAD=true\nENABLE_LB=false\nIFACE=p0\n");
            assertThat(file.description()).contains("install.sh", "only");
        });
    }

    @Test
    void severalPoliciesOfOneCniGetTheirNamesInTheirFileNames() {
        RenderedCluster cluster = render(kubeOvn("rack-a", "p0"), kubeOvn("rack-b", "ens1f0"), policy("cx5", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: antrea}
                """));

        assertThat(cluster.cniSettings()).extracting(CniSettingsFile::fileName)
                .containsExactly("kube-ovn-install-rack-a.env", "kube-ovn-install-rack-b.env", "antrea-values.yaml");
        assertThat(cluster.cniSettings().get(1).content()).contains("IFACE=ens1f0\n");
    }

    @Test
    void withoutOvsHwOffloadTheInstallerLeavesOffloadOffAndIfaceToItsDefault() {
        assertThat(render(policy("plain", """
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
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
