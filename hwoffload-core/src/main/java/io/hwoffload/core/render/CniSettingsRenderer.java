package io.hwoffload.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hwoffload.core.policy.KubeOvnOptions;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.OvnKubernetesOptions;
import io.hwoffload.core.policy.OvnKubernetesOptions.NodeMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CNI settings each policy implies, in the form each CNI's installer reads them: Kube-OVN's install.sh
 * variables, Yunsilicon's ovs-dpdk-config, Antrea's Helm values, ovnkube-node's environment.
 */
final class CniSettingsRenderer {
    private static final String KUBE_OVN_INSTALL = "kube-ovn-install.env";
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
                return ovnKubernetes(policy).map(List::of).orElse(List.of());
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
        if (!options.ovsDpdkConfig().isEmpty()) {
            StringBuilder dpdk = new StringBuilder();
            options.ovsDpdkConfig().forEach((name, value) -> dpdk.append(ShellAssignment.line(name, value)).append('\n'));
            files.add(new CniSettingsFile(OVS_DPDK_CONFIG, "/opt/ovs-config/ovs-dpdk-config on the nodes of policy "
                    + policy.name() + ", read by Yunsilicon's Kube-OVN fork", dpdk.toString()));
        }
        return files;
    }

    /** Antrea's chart turns ovs.hwOffload into {@code start_ovs --hw-offload} in the agent's OVS container. */
    private static CniSettingsFile antrea(OffloadPolicy policy) {
        ObjectNode values = RenderJson.object();
        values.putObject("ovs").put("hwOffload", ovsHwOffload(policy));
        try {
            return new CniSettingsFile(ANTREA_VALUES, "Antrea Helm values (policy " + policy.name()
                    + "): ovs.hwOffload runs start_ovs --hw-offload", YAML.writeValueAsString(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Helm values built in memory cannot be written: " + e.getMessage(), e);
        }
    }

    private static boolean ovsHwOffload(OffloadPolicy policy) {
        return policy.ovs() != null && Boolean.TRUE.equals(policy.ovs().hwOffload());
    }

    private Optional<CniSettingsFile> ovnKubernetes(OffloadPolicy policy) {
        OvnKubernetesOptions options = policy.cni().ovnKubernetes();
        StringBuilder env = new StringBuilder();
        if (options.nodeMode() != NodeMode.FULL) {
            env.append(ShellAssignment.line("OVNKUBE_NODE_MODE", options.nodeMode().label())).append('\n');
        }
        if (options.managementVf() != null) {
            Optional<String> netdev = managementNetdev(policy, options.managementVf());
            if (netdev.isEmpty()) {
                return Optional.empty();
            }
            env.append(ShellAssignment.line("OVNKUBE_NODE_MGMT_PORT_NETDEV", netdev.get())).append('\n');
        }
        return Optional.of(new CniSettingsFile("ovnkube-node-" + policy.name() + ".env", "ovnkube-node's"
                + " environment on the nodes of policy " + policy.name(),
                env.toString()));
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
