package io.hwoffload.core.policy;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.policy.OvnKubernetesOptions.NodeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PolicyReaderTest {
    private static final Path EXAMPLES = Path.of("../examples/policies");
    private static final String HEAD = "apiVersion: hwoffload.io/v1alpha1\nkind: OffloadPolicy\nmetadata: {name: p}\n";

    @ParameterizedTest
    @ValueSource(strings = {"yusur-kube-ovn", "corigine-kube-ovn", "yunsilicon-kube-ovn", "mellanox-antrea",
            "bluefield2-ovn-kubernetes"})
    void everySeedPolicyIsValid(String name) throws IOException {
        List<OffloadPolicy> policies = example(name);
        assertThat(policies).isNotEmpty().allSatisfy(p -> assertThat(p.cni().type()).isNotNull());
    }

    @Test
    void mellanoxPolicyHasTheSeedsValues() throws IOException {
        OffloadPolicy policy = example("mellanox-antrea").get(0);
        assertThat(policy.nic()).isEqualTo(new NicRequest("mellanox-antrea", "15b3", "1017", List.of("enp3s0f0np0", "enp3s0f0"),
                List.of(), 4));
        assertThat(policy.eswitchMode()).isEqualTo(EswitchMode.SWITCHDEV);
        assertThat(policy.resourcePools()).containsExactly(
                new ResourcePool("mellanox.com", "cx5_sriov_switchdev", VfIndexes.of(0, 3), true));
        assertThat(policy.cni().type()).isEqualTo(CniType.ANTREA);
        assertThat(policy.ovs().hwOffload()).isTrue();
    }

    @Test
    void blueFieldFileHoldsOnePolicyPerNodeRole() throws IOException {
        List<OffloadPolicy> policies = example("bluefield2-ovn-kubernetes");
        assertThat(policies).extracting(OffloadPolicy::name).containsExactly("bluefield2-dpu-host", "bluefield2-dpu");
        OffloadPolicy host = policies.get(0);
        assertThat(host.cni().ovnKubernetes().nodeMode()).isEqualTo(NodeMode.DPU_HOST);
        assertThat(host.cni().ovnKubernetes().managementVf()).isZero();
        assertThat(host.resourcePools().get(0).vfs()).isEqualTo(VfIndexes.of(1, 2));
        assertThat(host.ovs()).isNull();
        OffloadPolicy dpu = policies.get(1);
        assertThat(dpu.nic().numVfs()).isNull();
        assertThat(dpu.cni().ovnKubernetes()).isEqualTo(new OvnKubernetesOptions(NodeMode.DPU, null, null, null,
                "dpu-host", "p0", "192.168.40.254", OvnKubernetesOptions.Dpu.NONE));
        assertThat(dpu.ovs().bridges()).containsExactly(new OvsBridge("brp0", List.of("p0", "pf0hpf")));
    }

    @Test
    void yunsiliconDpdkConfigKeepsItsOrder() throws IOException {
        KubeOvnOptions options = example("yunsilicon-kube-ovn").get(0).cni().kubeOvn();
        assertThat(options.ovsDpdkConfig()).containsKeys("VLOG", "HW_OFFLOAD", "CPU_MASK", "SOCKET_MEM", "ENCAP_IP",
                "DPDK_DEV", "PF_MTU", "BR_PHY_BOND_NAME");
        assertThat(options.ovsDpdkConfig().keySet()).first().isEqualTo("VLOG");
        assertThat(options.ovsDpdkConfig()).containsEntry("DPDK_DEV", "0000:b3:00.0");
    }

    @Test
    void everyProblemIsReportedWithItsFieldPath() {
        PolicyException e = problems("""
                spec:
                  nicSelector: {vendor: mellanox, pfNames: ["../etc"], rootDevices: ["03:00"]}
                  numVfs: -2
                  cni: {type: calico}
                """);
        assertThat(e.getMessage()).startsWith("bad.yaml: 7 problems")
                .contains("apiVersion: missing")
                .contains("metadata.name: missing")
                .contains("spec.nicSelector.vendor: 'mellanox' is not a PCI id")
                .contains("spec.nicSelector.pfNames[0]: '../etc' is not an interface name")
                .contains("spec.nicSelector.rootDevices[0]: '03:00' is not a PCI address")
                .contains("spec.numVfs: '-2' is not a whole number from 0 to 65535")
                .contains("spec.cni.type: 'calico' is not a CNI hwoffload knows; give kube-ovn, antrea or ovn-kubernetes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "enp3s0f0;reboot", "enp3s0 f0", "$(reboot)", "-rf", "a/b",
            "averyveryverylongname0", ".."})
    void hostileInterfaceNamesAreRejected(String name) {
        PolicyException e = problems(HEAD + "spec:\n  nicSelector: {pfNames: ['" + name.replace("'", "''")
                + "']}\n  cni: {type: antrea}\n");
        assertThat(e.problems()).singleElement().asString()
                .startsWith("spec.nicSelector.pfNames[0]: '").contains("is not an interface name");
    }

    @Test
    void hostileValuesElsewhereAreRejected() {
        PolicyException e = problems(HEAD + """
                spec:
                  nicSelector: {vendor: "15b3"}
                  numVfs: 4
                  resourcePools:
                    - {resourcePrefix: "mellanox.com; rm -rf /", resourceName: "a b", vfRange: "0-1"}
                  cni:
                    type: kube-ovn
                    networkAttachment: {name: "../x", namespace: default}
                    kubeOvn: {iface: "p0;id", ovsDpdkConfig: {"DPDK_DEV": "$(reboot)", "bad key": "1"}}
                  ovs:
                    bridges: [{name: "br;x", ports: ["p0 p1"]}]
                    tcPolicy: skip_everything
                """);
        assertThat(e.problems()).anyMatch(p -> p.startsWith("spec.resourcePools[0].resourcePrefix: 'mellanox.com; rm -rf /'"))
                .anyMatch(p -> p.startsWith("spec.resourcePools[0].resourceName: 'a b' is not a resource name"))
                .anyMatch(p -> p.startsWith("spec.cni.networkAttachment.name: '../x'"))
                .anyMatch(p -> p.startsWith("spec.cni.kubeOvn.iface: 'p0;id' is not an interface name"))
                .anyMatch(p -> p.startsWith("spec.cni.kubeOvn.ovsDpdkConfig.DPDK_DEV: '$(reboot)' cannot be written"))
                .anyMatch(p -> p.startsWith("spec.cni.kubeOvn.ovsDpdkConfig.bad key: is not a variable name"))
                .anyMatch(p -> p.startsWith("spec.ovs.bridges[0].name: 'br;x' is not an interface name"))
                .anyMatch(p -> p.startsWith("spec.ovs.bridges[0].ports[0]: 'p0 p1' is not an interface name"))
                .anyMatch(p -> p.startsWith("spec.ovs.tcPolicy: 'skip_everything' is not a tc-policy"))
                .hasSize(9);
    }

    /** The device plugin's rule ({@code ^[a-zA-Z0-9_-]+$}) within the kubelet's (a qualified name's name part). */
    @ParameterizedTest
    @ValueSource(strings = {"cx5_sriov_switchdev", "cx5-sriov-switchdev", "a", "A1",
            "x23456789012345678901234567890123456789012345678901234567890123"})
    void resourceNamesTheDevicePluginAndTheKubeletTakeAreAccepted(String name) {
        OffloadPolicy policy = PolicyReader.read(bytes(pool(name)), "p.yaml").get(0);
        assertThat(policy.resourcePools().get(0).resourceName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-cx5", "cx5_", "cx5.sriov", "cx5/sriov", "cx5 sriov",
            "x234567890123456789012345678901234567890123456789012345678901234"})
    void resourceNamesEitherOfThemRefusesAreRejected(String name) {
        assertThat(problems(pool(name)).problems()).singleElement().asString()
                .startsWith("spec.resourcePools[0].resourceName: '" + name + "' is not a resource name: use letters,"
                        + " digits, '_' and '-' (at most 63, beginning and ending with a letter or digit)");
    }

    private static String pool(String resourceName) {
        return HEAD + "spec: {nicSelector: {pfNames: [p0]}, numVfs: 2, cni: {type: antrea},"
                + " resourcePools: [{resourcePrefix: example.com, resourceName: \"" + resourceName + "\"}]}\n";
    }

    @Test
    void overlappingPoolsAndAManagementVfInAPoolAreRejected() {
        PolicyException e = problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [enp2s0f0np0]}
                  numVfs: 3
                  resourcePools:
                    - {resourcePrefix: mellanox.com, resourceName: a, vfRange: 0-1}
                    - {resourcePrefix: mellanox.com, resourceName: b, vfRange: 1-3}
                  cni: {type: ovn-kubernetes, ovnKubernetes: {nodeMode: dpu-host, managementVf: 0}}
                """);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "spec.resourcePools[1].vfRange: VF 3 does not exist with spec.numVfs 3; VFs are numbered 0 to 2",
                "spec.resourcePools[1].vfRange: VFs 1-3 overlap spec.resourcePools[0] (0-1); a VF belongs to one pool:"
                        + " give each pool its own range",
                "spec.cni.ovnKubernetes.managementVf: VF 0 is in spec.resourcePools[0] (0-1); the management port must"
                        + " stay out of every pool");
    }

    /** A management port in the middle (VF 1) leaves the pool a list, as the device plugin's selector takes it. */
    @Test
    void aPoolMayTakeAListOfVfsAroundTheManagementPort() throws PolicyException {
        OffloadPolicy policy = PolicyReader.read(bytes(HEAD + """
                spec:
                  nicSelector: {pfNames: [enp2s0f0np0]}
                  numVfs: 8
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: a, vfRange: "0,2-7"}]
                  cni: {type: ovn-kubernetes, ovnKubernetes: {nodeMode: dpu-host, managementVf: 1}}
                """), "p.yaml").get(0);
        assertThat(policy.resourcePools().get(0).vfs()).isEqualTo(new VfIndexes(List.of(new VfRange(0, 0), new VfRange(2, 7))));

        assertThat(problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [enp2s0f0np0]}
                  numVfs: 8
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: a, vfRange: "0,2-8"}]
                  cni: {type: antrea}
                """).problems()).containsExactly(
                "spec.resourcePools[0].vfRange: VF 8 does not exist with spec.numVfs 8; VFs are numbered 0 to 7");
    }

    /** OVN-Kubernetes' preferred management port: a device plugin pool of VFs (mgmtPortVFResourceName). */
    @Test
    void aDpuHostMayTakeItsManagementPortFromAPool() throws PolicyException {
        OffloadPolicy policy = PolicyReader.read(bytes(HEAD + """
                spec:
                  nicSelector: {pfNames: [enp2s0f0np0]}
                  numVfs: 4
                  resourcePools:
                    - {resourcePrefix: mellanox.com, resourceName: mgmtport_vfs, vfRange: "0-1"}
                    - {resourcePrefix: mellanox.com, resourceName: pods, vfRange: "2-3"}
                  cni: {type: ovn-kubernetes, ovnKubernetes: {nodeMode: dpu-host, managementPortPool: mgmtport_vfs,
                        managementPortVfs: 2}}
                """), "p.yaml").get(0);

        assertThat(policy.cni().ovnKubernetes().managementPortPool()).isEqualTo("mgmtport_vfs");
        assertThat(policy.cni().ovnKubernetes().managementPortVfs()).isEqualTo(2);
        assertThat(policy.podPools()).extracting(ResourcePool::resourceName).containsExactly("pods");
    }

    @Test
    void ovnKubernetesFieldsAreCheckedAndEachModesOwn() {
        assertThat(problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [enp2s0f0np0]}
                  numVfs: 2
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: pods}]
                  cni: {type: ovn-kubernetes, ovnKubernetes: {nodeMode: dpu-host, managementPortPool: mgmt, encapIp: 1.2.3.4}}
                """).problems()).containsExactlyInAnyOrder(
                "spec.cni.ovnKubernetes.managementPortPool: 'mgmt' is not the resourceName of any of spec.resourcePools;"
                        + " add a pool of management VFs, such as {resourcePrefix: mellanox.com, resourceName: mgmt,"
                        + " vfRange: 0}",
                "spec.cni.ovnKubernetes.encapIp: is for a dpu node; this policy's nodeMode is dpu-host");
        assertThat(problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [p0]}
                  cni:
                    type: ovn-kubernetes
                    ovnKubernetes:
                      nodeMode: dpu
                      hostNodeName: dpu-host
                      gatewayInterface: p0
                      gatewayNexthop: "fe80::1::2"
                      encapIp: "10.1"
                      encapType: gre
                      gatewayRouterSubnet: 203.0.113.0/33
                      gatewayVlanId: 4095
                      hostCluster: {apiServer: "http://host:6443", networkCidr: 10.244.0.0/16/200}
                """).problems()).containsExactlyInAnyOrder(
                "spec.cni.ovnKubernetes.gatewayNexthop: 'fe80::1::2' is not an IP address; give the gateway's address,"
                        + " such as 192.168.40.254",
                "spec.cni.ovnKubernetes.encapIp: '10.1' is not an IP address; give the DPU's tunnel (Geneve) address,"
                        + " such as 198.51.100.10",
                "spec.cni.ovnKubernetes.encapType: 'gre' is not an OVN encapsulation; give geneve or vxlan",
                "spec.cni.ovnKubernetes.gatewayRouterSubnet: '203.0.113.0/33' is not a subnet; give the DPU host"
                        + " network's subnet, such as 203.0.113.0/24",
                "spec.cni.ovnKubernetes.gatewayVlanId: '4095' is not a whole number from 1 to 4094; give the gateway's"
                        + " VLAN id when it is not the native VLAN",
                "spec.cni.ovnKubernetes.hostCluster.apiServer: 'http://host:6443' is not an https URL of an API server,"
                        + " such as https://172.25.0.2:6443",
                "spec.cni.ovnKubernetes.hostCluster.networkCidr: '10.244.0.0/16/200' is not a cluster network; give"
                        + " CIDR/hostsubnet-length as OVN-Kubernetes takes it, such as 10.244.0.0/16/24");
    }

    @Test
    void unknownFieldsAndOptionsOfAnotherCniAreNamed() {
        PolicyException e = problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [p0]}
                  numvfs: 4
                  cni: {type: antrea, kubeOvn: {iface: p0}}
                """);
        assertThat(e.problems()).anyMatch(p -> p.startsWith("spec.numvfs: unknown field; did you mean numVfs? expected one of"))
                .anyMatch(p -> p.startsWith("spec.cni.kubeOvn: options of another CNI; this policy's cni.type is antrea"));
    }

    @Test
    void dpuNodeNeedsItsHostAndGateway() {
        PolicyException e = problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [p0]}
                  cni: {type: ovn-kubernetes, ovnKubernetes: {nodeMode: dpu, gatewayNexthop: "192.168.40.300"}}
                """);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "spec.cni.ovnKubernetes.gatewayNexthop: '192.168.40.300' is not an IP address; give the gateway's address,"
                        + " such as 192.168.40.254",
                "spec.cni.ovnKubernetes.hostNodeName: missing; a dpu node needs its host's node name, such as dpu-host",
                "spec.cni.ovnKubernetes.gatewayInterface: missing; a dpu node needs its gateway interface, such as p0");
    }

    @Test
    void problemsOfSeveralDocumentsSayWhichDocument() {
        PolicyException e = problems(HEAD + "spec: {nicSelector: {pfNames: [p0]}, cni: {type: antrea}}\n---\n"
                + HEAD + "spec: {nicSelector: {pfNames: [p1]}, cni: {type: antrea}}\n");
        assertThat(e.problems()).containsExactly("document 2: metadata.name: 'p' is used by another document;"
                + " give each policy its own name");
    }

    @Test
    void notYamlIsOneClearProblem() {
        PolicyException e = problems("spec: [unclosed");
        assertThat(e.getMessage()).startsWith("bad.yaml: 1 problem").contains("not valid YAML");
    }

    @Test
    void syntaxErrorsSayTheLineAndColumn() {
        PolicyException e = problems(HEAD + "spec:\n  nicSelector: {pfNames: [p0]\n  numVfs: 4\n");
        assertThat(e.problems()).containsExactly("line 6, column 3: not valid YAML: expected ',' or '}', but got"
                + " <scalar> (while parsing a flow mapping that starts at line 5, column 16)");

        PolicyException tab = problems(HEAD + "spec:\n\tnumVfs: 4\n");
        assertThat(tab.problems()).singleElement().asString()
                .startsWith("line 5, column 1: not valid YAML: found character '\\t(TAB)' that cannot start any token");
    }

    /** Known fields are listed sorted (the same every run), with the nearest one suggested. */
    @Test
    void unknownFieldsSuggestTheNearestKnownOneInAStableOrder() {
        String yaml = HEAD + """
                spec:
                  nicSelector: {pfNames: [p0], vendr: "15b3"}
                  numvfs: 4
                  colour: blue
                  cni: {type: antrea}
                """;
        PolicyException e = problems(yaml);
        List<String> expected = List.of(
                "spec.numvfs: unknown field; did you mean numVfs? expected one of [cni, eswitchMode, hwTcOffload,"
                        + " nicSelector, nodeSelector, numVfs, ovs, resourcePools, rollout]",
                "spec.colour: unknown field; expected one of [cni, eswitchMode, hwTcOffload, nicSelector, nodeSelector,"
                        + " numVfs, ovs, resourcePools, rollout]",
                "spec.nicSelector.vendr: unknown field; did you mean vendor? expected one of [deviceID, pfNames,"
                        + " rootDevices, vendor]");
        assertThat(e.problems()).containsExactlyElementsOf(expected);
        for (int run = 0; run < 5; run++) {
            assertThat(problems(yaml).problems()).containsExactlyElementsOf(expected);
        }
    }

    /** One typo, one problem: a misspelt numVfs is not reported again as pools without VFs. */
    @Test
    void aMisspeltFieldIsNotReportedAgainAsMissing() {
        PolicyException e = problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [p0]}
                  numvfs: 4
                  resourcePools: [{resourcePrefix: example.com, resourceName: pool}]
                  cni: {type: antrea, networkAttachment: {nmae: default}}
                """);
        assertThat(e.problems()).containsExactly(
                "spec.numvfs: unknown field; did you mean numVfs? expected one of [cni, eswitchMode, hwTcOffload,"
                        + " nicSelector, nodeSelector, numVfs, ovs, resourcePools, rollout]",
                "spec.cni.networkAttachment.nmae: unknown field; did you mean name? expected one of [name, namespace]");

        PolicyException written = problems(HEAD + """
                spec:
                  nicSelector: {pfNames: [p0]}
                  resourcePools: [{resourcePrefix: example.com, resourceName: pool}]
                  cni: {type: antrea}
                """);
        assertThat(written.problems()).containsExactly("spec.resourcePools[0]: a pool needs VFs; set spec.numVfs to 1 or more");
    }

    @Test
    void rootDevicesAreParsed() {
        OffloadPolicy policy = PolicyReader.read(bytes(HEAD + "spec: {nicSelector: {rootDevices: [\"0000:00:0a.0\"]},"
                + " numVfs: 7, cni: {type: kube-ovn}}\n"), "p.yaml").get(0);
        assertThat(policy.nic().rootDevices()).containsExactly(PciAddress.parse("0000:00:0a.0"));
        assertThat(policy.cni().kubeOvn().enableLb()).isTrue();
    }

    @Test
    void aNetworkAttachmentNameWithADotIsRefusedAsKubeOvnCouldNotNameItsProvider() {
        PolicyException e = problems(HEAD + """
                spec:
                  nicSelector: {vendor: "15b3", deviceID: "1017"}
                  cni: {type: kube-ovn, networkAttachment: {name: my.net, namespace: default}}
                """);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("spec.cni.networkAttachment.name: 'my.net' is not a network name").contains("no '.'");
    }

    private static List<OffloadPolicy> example(String name) throws IOException {
        Path file = EXAMPLES.resolve(name + ".yaml");
        return PolicyReader.read(Files.readAllBytes(file), file.toString());
    }

    private static PolicyException problems(String yaml) {
        return catchThrowableOfType(PolicyException.class, () -> PolicyReader.read(bytes(yaml), "bad.yaml"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
