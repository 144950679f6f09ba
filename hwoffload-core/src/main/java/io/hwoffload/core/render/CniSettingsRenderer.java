package io.hwoffload.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hwoffload.core.policy.KubeOvnOptions;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.OvnKubernetesOptions;
import io.hwoffload.core.policy.OvnKubernetesOptions.NodeMode;
import io.hwoffload.core.policy.ResourcePool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CNI settings each policy implies, in the form each CNI's installer reads them: Kube-OVN's install.sh
 * variables and the Helm values of both its charts, Yunsilicon's ovs-dpdk-config, Antrea's Helm values,
 * ovnkube-node's environment.
 */
final class CniSettingsRenderer {
    private static final String KUBE_OVN_INSTALL = "kube-ovn-install.env";
    private static final String KUBE_OVN_VALUES = "kube-ovn-values.yaml";
    private static final String KUBE_OVN_V2_VALUES = "kube-ovn-v2-values.yaml";
    private static final String OVS_DPDK_CONFIG = "ovs-dpdk-config";
    private static final String ANTREA_VALUES = "antrea-values.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

    private final RenderProblems problems;

    CniSettingsRenderer(RenderProblems problems) {
        this.problems = problems;
    }

    /**
     * Every policy's files. A name that several policies would write gets a {@code -<policy>} suffix in each,
     * so no file overwrites another; a name only one policy writes stays plain.
     */
    List<CniSettingsFile> render(List<OffloadPolicy> policies) {
        List<PolicyFile> files = new ArrayList<>();
        for (OffloadPolicy policy : policies) {
            filesOf(policy).forEach(file -> files.add(new PolicyFile(policy.name(), file)));
        }
        Map<String, Integer> writers = new HashMap<>();
        files.forEach(f -> writers.merge(f.file().fileName(), 1, Integer::sum));
        return files.stream().map(f -> writers.get(f.file().fileName()) == 1 ? f.file()
                : new CniSettingsFile(withSuffix(f.file().fileName(), "-" + f.policyName()), f.file().description(),
                f.file().content())).toList();
    }

    private record PolicyFile(String policyName, CniSettingsFile file) {
    }

    /** {@code kube-ovn-install.env} -> {@code kube-ovn-install-<policy>.env}; a name without extension gets it at the end. */
    private static String withSuffix(String fileName, String suffix) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName + suffix : fileName.substring(0, dot) + suffix + fileName.substring(dot);
    }

    private List<CniSettingsFile> filesOf(OffloadPolicy policy) {
        switch (policy.cni().type()) {
            case KUBE_OVN:
                return kubeOvn(policy);
            case ANTREA:
                return List.of(antrea(policy));
            default:
                return ovnKubernetes(policy);
        }
    }

    private static List<CniSettingsFile> kubeOvn(OffloadPolicy policy) {
        KubeOvnOptions options = policy.cni().kubeOvn();
        StringBuilder install = new StringBuilder();
        install.append(ShellAssignment.line("HW_OFFLOAD", String.valueOf(ovsHwOffload(policy)))).append('\n');
        install.append(ShellAssignment.line("ENABLE_LB", String.valueOf(options.enableLb()))).append('\n');
        if (options.iface() != null) {
            install.append(ShellAssignment.line("IFACE", options.iface())).append('\n');
        }
        List<CniSettingsFile> files = new ArrayList<>();
        files.add(new CniSettingsFile(KUBE_OVN_INSTALL, "Kube-OVN install.sh variables (policy " + policy.name()
                + "): set them at the top of install.sh, or export them before running it",
                install.toString()));
        files.add(kubeOvnChartV1(policy, options));
        files.add(kubeOvnChartV2(policy, options));
        if (!options.ovsDpdkConfig().isEmpty()) {
            StringBuilder dpdk = new StringBuilder();
            options.ovsDpdkConfig().forEach((name, value) -> dpdk.append(ShellAssignment.line(name, value)).append('\n'));
            files.add(new CniSettingsFile(OVS_DPDK_CONFIG, "/opt/ovs-config/ovs-dpdk-config on the nodes of policy "
                    + policy.name() + ", read by Yunsilicon's Kube-OVN fork", dpdk.toString()));
        }
        return files;
    }

    /**
     * The same settings for Kube-OVN's Helm chart {@code charts/kube-ovn} (values {@code func.HW_OFFLOAD},
     * {@code func.ENABLE_LB}, {@code networking.IFACE}; kubeovn/kube-ovn 1533681d), which passes them to the same
     * start scripts as install.sh.
     */
    private static CniSettingsFile kubeOvnChartV1(OffloadPolicy policy, KubeOvnOptions options) {
        ObjectNode values = RenderJson.object();
        values.putObject("func").put("HW_OFFLOAD", ovsHwOffload(policy)).put("ENABLE_LB", options.enableLb());
        if (options.iface() != null) {
            values.putObject("networking").put("IFACE", options.iface());
        }
        return values(KUBE_OVN_VALUES, "Kube-OVN Helm values for chart kube-ovn (policy " + policy.name()
                + "): helm install kube-ovn kubeovn/kube-ovn -f " + KUBE_OVN_VALUES, values);
    }

    /**
     * And for chart {@code charts/kube-ovn-v2} ({@code features.enableHardwareOffload},
     * {@code features.enableLoadbalancer}, {@code agent.interface}; kubeovn/kube-ovn 1533681d).
     */
    private static CniSettingsFile kubeOvnChartV2(OffloadPolicy policy, KubeOvnOptions options) {
        ObjectNode values = RenderJson.object();
        values.putObject("features").put("enableHardwareOffload", ovsHwOffload(policy))
                .put("enableLoadbalancer", options.enableLb());
        if (options.iface() != null) {
            values.putObject("agent").put("interface", options.iface());
        }
        return values(KUBE_OVN_V2_VALUES, "Kube-OVN Helm values for chart kube-ovn-v2 (policy " + policy.name()
                + "): helm install kube-ovn kubeovn/kube-ovn-v2 -f " + KUBE_OVN_V2_VALUES, values);
    }

    /** Antrea's chart turns ovs.hwOffload into {@code start_ovs --hw-offload} in the agent's OVS container. */
    private static CniSettingsFile antrea(OffloadPolicy policy) {
        ObjectNode values = RenderJson.object();
        values.putObject("ovs").put("hwOffload", ovsHwOffload(policy));
        return values(ANTREA_VALUES, "Antrea Helm values (policy " + policy.name()
                + "): ovs.hwOffload runs start_ovs --hw-offload", values);
    }

    private static CniSettingsFile values(String fileName, String description, ObjectNode values) {
        try {
            return new CniSettingsFile(fileName, description, YAML.writeValueAsString(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Helm values built in memory cannot be written: " + e.getMessage(), e);
        }
    }

    private static boolean ovsHwOffload(OffloadPolicy policy) {
        return policy.ovs() != null && Boolean.TRUE.equals(policy.ovs().hwOffload());
    }

    /**
     * ovnkube-node's environment (the daemonset.sh-era variables), and the Helm values of the two-cluster deployment
     * OVN-Kubernetes documents now (docs/installation/launching-ovn-kubernetes-with-dpu.md, helm/ovn-kubernetes at
     * 8871cd9c): the host cluster's values-single-node-zone.yaml with chart ovnkube-node-dpu-host's management port,
     * and the DPU cluster's values-single-node-zone-dpu.yaml with the host cluster it watches.
     */
    private List<CniSettingsFile> ovnKubernetes(OffloadPolicy policy) {
        OvnKubernetesOptions options = policy.cni().ovnKubernetes();
        StringBuilder env = new StringBuilder();
        if (options.nodeMode() != NodeMode.FULL) {
            env.append(ShellAssignment.line("OVNKUBE_NODE_MODE", options.nodeMode().label())).append('\n');
        }
        String netdev = null;
        if (options.managementVf() != null) {
            Optional<String> derived = managementNetdev(policy, options.managementVf());
            if (derived.isEmpty()) {
                return List.of();
            }
            netdev = derived.get();
            env.append(ShellAssignment.line("OVNKUBE_NODE_MGMT_PORT_NETDEV", netdev)).append('\n');
        }
        String managementResource = managementResource(policy);
        if (managementResource != null) {
            env.append(ShellAssignment.line("OVNKUBE_NODE_MGMT_PORT_DP_RESOURCE_NAME", managementResource)).append('\n');
        }
        List<CniSettingsFile> files = new ArrayList<>();
        files.add(new CniSettingsFile("ovnkube-node-" + policy.name() + ".env", "ovnkube-node's"
                + " environment on the nodes of policy " + policy.name(), env.toString()));
        if (options.nodeMode() == NodeMode.DPU_HOST) {
            files.add(dpuHostValues(policy, netdev, managementResource));
        } else if (options.nodeMode() == NodeMode.DPU) {
            files.add(dpuValues(policy));
        }
        return files;
    }

    private static String managementResource(OffloadPolicy policy) {
        String pool = policy.cni().ovnKubernetes().managementPortPool();
        return pool == null ? null : policy.resourcePools().stream().filter(p -> p.resourceName().equals(pool))
                .findFirst().map(ResourcePool::qualifiedName).orElse(null);
    }

    /** The host cluster: no OVS of its own (the DPU's), no ovnkube-identity (not supported with DPUs yet). */
    private static CniSettingsFile dpuHostValues(OffloadPolicy policy, String netdev, String managementResource) {
        ObjectNode values = RenderJson.object();
        values.putObject("tags").put("ovnkube-node-dpu-host", true).put("ovs-node", false);
        values.putObject("global").put("enableOvnKubeIdentity", false);
        ObjectNode chart = values.putObject("ovnkube-node-dpu-host");
        if (netdev != null) {
            chart.put("nodeMgmtPortNetdev", netdev);
        }
        if (managementResource != null) {
            // OVN-Kubernetes prefers the resource over the netdev, and needs it for primary user-defined networks.
            chart.put("mgmtPortVFResourceName", managementResource)
                    .put("mgmtPortVFsCount", policy.cni().ovnKubernetes().managementPortVfs());
        }
        return values("ovn-kubernetes-dpu-host-values.yaml", "OVN-Kubernetes Helm values for the DPU host cluster"
                + " (policy " + policy.name() + "): helm install ovn-kubernetes helm/ovn-kubernetes -f"
                + " values-single-node-zone.yaml -f ovn-kubernetes-dpu-host-values.yaml; then create Secret"
                + " ovn-kubernetes/ovnkube-node-sa-for-dpu (type kubernetes.io/service-account-token, annotation"
                + " kubernetes.io/service-account.name: ovnkube-node) for the DPU cluster's credentials", values);
    }

    /**
     * The DPU cluster: the host cluster it watches. The token and CA are that cluster's secrets and never in a
     * policy: left empty, with where they come from.
     */
    private static CniSettingsFile dpuValues(OffloadPolicy policy) {
        ObjectNode values = RenderJson.object();
        ObjectNode global = values.putObject("global").put("enableOvnKubeIdentity", false);
        OvnKubernetesOptions.HostCluster host = policy.cni().ovnKubernetes().dpu().hostCluster();
        if (host != null) {
            global.put("dpuHostClusterK8sAPIServer", host.apiServer());
            if (host.networkCidr() != null) {
                global.put("dpuHostClusterNetworkCIDR", host.networkCidr());
            }
            if (host.serviceCidr() != null) {
                global.put("dpuHostClusterServiceCIDR", host.serviceCidr());
            }
        }
        global.put("dpuHostClusterK8sToken", "").put("dpuHostClusterK8sCACertData", "");
        return values("ovn-kubernetes-dpu-values.yaml", "OVN-Kubernetes Helm values for the DPU cluster (policy "
                + policy.name() + "): fill in dpuHostClusterK8sToken (the token of Secret"
                + " ovn-kubernetes/ovnkube-node-sa-for-dpu in the host cluster, base64-decoded) and"
                + " dpuHostClusterK8sCACertData (its ca.crt, as it is), then helm install ovn-kubernetes"
                + " helm/ovn-kubernetes -f values-single-node-zone-dpu.yaml -f ovn-kubernetes-dpu-values.yaml", values);
    }

    private Optional<String> managementNetdev(OffloadPolicy policy, int vf) {
        List<String> pfNames = policy.nic().pfNames();
        String field = "spec.cni.ovnKubernetes.managementVf";
        if (pfNames.size() != 1) {
            problems.add(policy, field, "VF " + vf + " is the management port, whose netdev ovnkube-node needs"
                    + " (OVNKUBE_NODE_MGMT_PORT_NETDEV), but spec.nicSelector.pfNames names " + pfNames.size()
                    + " PFs; name exactly the one PF whose VF it is, such as pfNames: [enp2s0f0np0]");
            return Optional.empty();
        }
        Optional<String> netdev = ManagementPortNetdev.of(pfNames.get(0), vf);
        if (netdev.isEmpty()) {
            problems.add(policy, field, "the netdev of VF " + vf + " of " + pfNames.get(0) + " cannot be derived:"
                    + " the PF's name is not a systemd PCI name such as enp2s0f0np0 (whose VF " + vf + " is enp2s0f0v"
                    + vf + "); name the PF in spec.nicSelector.pfNames by its systemd name (ip link show lists it as an"
                    + " altname when the PF was renamed)");
        }
        return netdev;
    }
}
