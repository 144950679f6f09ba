package io.hwoffload.operator.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hwoffload.operator.agent.PodLabelSelector;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.testing.MockCluster;
import io.hwoffload.operator.webhook.WebhookScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstallBundleTest {
    private static final InstallSettings SETTINGS = new InstallSettings("hwoffload-system", "ghcr.io/hwoffload/hwoffload:0.1.0", null);

    @Test
    void theBundleHoldsEveryComponent() {
        List<HasMetadata> objects = new InstallBundle(SETTINGS).objects();
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "Namespace/hwoffload-system",
                "CustomResourceDefinition/offloadpolicies.hwoffload.io",
                "CustomResourceDefinition/offloadnodestates.hwoffload.io",
                "ServiceAccount/hwoffload-operator", "ClusterRole/hwoffload-operator", "ClusterRoleBinding/hwoffload-operator",
                "Role/hwoffload-operator", "RoleBinding/hwoffload-operator",
                "Role/hwoffload-operator-leader-election", "RoleBinding/hwoffload-operator-leader-election",
                "ServiceAccount/hwoffload-agent", "ClusterRole/hwoffload-agent", "ClusterRoleBinding/hwoffload-agent",
                "Deployment/hwoffload-operator", "PodDisruptionBudget/hwoffload-operator", "DaemonSet/hwoffload-agent",
                "Service/hwoffload-webhook",
                "MutatingWebhookConfiguration/hwoffload-webhook", "Issuer/hwoffload-webhook", "Certificate/hwoffload-webhook");
    }

    @Test
    void eachComponentHasOnlyThePrivilegesItUses() {
        List<HasMetadata> objects = new InstallBundle(SETTINGS).objects();
        assertThat(rules(objects, "hwoffload-agent")).containsExactly(
                "hwoffload.io/offloadnodestates: get,list,watch",
                "hwoffload.io/offloadnodestates/status: get,patch,update",
                "/nodes: get,patch,update", "/pods: list", "/pods/eviction: create");
        assertThat(rules(objects, "hwoffload-operator")).allSatisfy(rule -> assertThat(rule)
                .doesNotContain("*").doesNotContain("secrets").doesNotContain("pods"));
        assertThat(rules(objects, "hwoffload-operator")).contains(
                "admissionregistration.k8s.io/mutatingwebhookconfigurations: list,watch",
                "admissionregistration.k8s.io/mutatingwebhookconfigurations: get,patch,update");
        assertThat(objects).filteredOn(o -> o.getKind().equals("Role")).extracting(role -> role.getMetadata().getNamespace()
                        + " " + ((Role) role).getRules().stream().map(r -> describe(r) + " " + r.getResourceNames()).toList())
                .containsExactly("kube-system [/configmaps: get,patch,update,delete [sriovdp-config]]",
                        "hwoffload-system [coordination.k8s.io/leases: create [], coordination.k8s.io/leases: get,update"
                                + " [hwoffload-operator]]");
    }

    /** Two replicas on different nodes where there are several, one kept through drains, each with its probes. */
    @Test
    void theOperatorRunsTwoReplicasThatAVoluntaryDisruptionCannotTakeBothOf() {
        List<HasMetadata> objects = new InstallBundle(SETTINGS).objects();
        Deployment deployment = (Deployment) objects.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        var spread = pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(spread).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
        var container = pod.getContainers().get(0);
        assertThat(container.getArgs()).contains("--leader-election=hwoffload-system/hwoffload-operator");
        assertThat(container.getEnv()).singleElement().satisfies(env -> {
            assertThat(env.getName()).isEqualTo("POD_NAME");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        PodDisruptionBudget budget = (PodDisruptionBudget) objects.stream().filter(o -> o instanceof PodDisruptionBudget)
                .findFirst().orElseThrow();
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        DaemonSet agent = (DaemonSet) objects.stream().filter(o -> o instanceof DaemonSet).findFirst().orElseThrow();
        assertThat(agent.getSpec().getTemplate().getSpec().getPriorityClassName()).isEqualTo("system-node-critical");
    }

    /** kubernetes.io/docs/concepts/overview/working-with-objects/common-labels, on every object; selectors by name. */
    @Test
    void everyObjectCarriesTheRecommendedLabels() {
        List<HasMetadata> objects = new InstallBundle(SETTINGS).objects();
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsKeys(
                "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by")
                .containsEntry("app.kubernetes.io/version", "0.1.0")
                .containsEntry("app.kubernetes.io/instance", "hwoffload-system"));
        assertThat(objects).filteredOn(o -> o instanceof Deployment || o instanceof DaemonSet)
                .extracting(o -> o.getMetadata().getLabels().get("app.kubernetes.io/component"))
                .containsExactly("operator", "agent");
        Deployment deployment = (Deployment) objects.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name");
        InstallSettings byDigest = new InstallSettings("hwoffload-system", "registry.example.com:5000/hwoffload@sha256:"
                + "0".repeat(64), null);
        assertThat(new InstallBundle(byDigest).objects().get(0).getMetadata().getLabels())
                .doesNotContainKey("app.kubernetes.io/version");
    }

    @Test
    void externalModeLetsTheAgentRestartOnlyTheDevicePluginsPodsAndMountsNoKubeletDirectory() {
        InstallSettings external = new InstallSettings("hwoffload-system", "hwoffload:dev", null,
                new InstallSettings.DevicePlugin(DevicePluginMode.EXTERNAL, "sriov", PodLabelSelector.parse("app=sriovdp,tier=node")));
        List<HasMetadata> objects = new InstallBundle(external).objects();

        assertThat(objects).filteredOn(o -> o.getKind().equals("Role") && o.getMetadata().getName().equals("hwoffload-agent"))
                .singleElement().satisfies(role -> {
                    assertThat(role.getMetadata().getNamespace()).isEqualTo("sriov");
                    assertThat(((Role) role).getRules()).extracting(InstallBundleTest::describe).containsExactly("/pods: list,delete");
                });
        assertThat(objects).filteredOn(o -> o.getKind().equals("RoleBinding") && o.getMetadata().getName().equals("hwoffload-agent"))
                .singleElement().satisfies(binding -> assertThat(binding.getMetadata().getNamespace()).isEqualTo("sriov"));
        assertThat(objects).filteredOn(o -> o.getKind().equals("Role") && o.getMetadata().getName().equals("hwoffload-operator"))
                .singleElement().satisfies(role -> assertThat(((Role) role).getRules()).extracting(InstallBundleTest::describe)
                        .containsExactly("/configmaps: get,patch,update,delete", "/configmaps: create"));
        var agent = ((DaemonSet) objects.stream().filter(o -> o instanceof DaemonSet).findFirst().orElseThrow())
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(agent.getArgs()).contains("--device-plugin=external", "--device-plugin-namespace=sriov",
                "--device-plugin-selector=app=sriovdp,tier=node").noneMatch(a -> a.startsWith("--kubelet-dir"));
        assertThat(agent.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactly("/sys", "/var/run/openvswitch", "/var/lib/hwoffload");
        var operator = ((Deployment) objects.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow())
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(operator.getArgs()).contains("--device-plugin=external");
    }

    @Test
    void theAgentMountsExactlySysTheOvsRunDirectoryItsStateAndTheKubeletsDevicePluginDirectories() {
        DaemonSet agent = (DaemonSet) new InstallBundle(SETTINGS).objects().stream()
                .filter(o -> o instanceof DaemonSet).findFirst().orElseThrow();
        var pod = agent.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        List<String> paths = List.of("/sys", "/var/run/openvswitch", "/var/lib/hwoffload",
                "/var/lib/kubelet/device-plugins", "/var/run/k8s.cni.cncf.io/devinfo");
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactlyElementsOf(paths);
        assertThat(pod.getVolumes()).extracting(v -> v.getHostPath().getPath()).containsExactlyElementsOf(paths);
        assertThat(pod.getContainers().get(0).getArgs()).contains("--device-plugin=builtin",
                "--kubelet-dir=/var/lib/kubelet/device-plugins",
                "--device-info-dir=/var/run/k8s.cni.cncf.io/devinfo/dp");
        assertThat(pod.getContainers().get(0).getEnv()).singleElement()
                .satisfies(env -> assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
    }

    @Test
    void theWebhookIgnoresFailuresAndSeesNoPodUntilTheOperatorNamesItsNetworks() {
        MutatingWebhookConfiguration configuration = webhookConfiguration(SETTINGS);
        MutatingWebhook webhook = configuration.getWebhooks().get(0);
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getMatchConditions()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo(WebhookScope.CONDITION);
            assertThat(c.getExpression()).isEqualTo("false");
        });
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate-pods");
        assertThat(configuration.getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/inject-ca-from", "hwoffload-system/hwoffload-webhook");

        // Without cert-manager: nothing of its API, so the bundle applies on a cluster without its CRDs.
        List<HasMetadata> withCa = new InstallBundle(new InstallSettings("hwoffload-system", "hwoffload:dev", "Y2E=")).objects();
        assertThat(withCa).noneMatch(o -> o.getApiVersion().startsWith("cert-manager.io/"));
        assertThat(webhookConfiguration(withCa).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    /** Golden files of the webhook configuration per Kubernetes version: matchConditions from 1.28, Fail from 1.30. */
    @ParameterizedTest
    @CsvSource({"1.25, Ignore", "1.28, Ignore", "1.30, Fail"})
    void theWebhookConfigurationPerKubernetesVersion(String version, String failurePolicy) throws Exception {
        InstallSettings settings = new InstallSettings("hwoffload-system", "ghcr.io/hwoffload/hwoffload:0.1.0", null,
                InstallSettings.DevicePlugin.BUILTIN, new InstallSettings.Webhook(failurePolicy,
                InstallSettings.KubernetesVersion.parse(version)));

        String yaml = new KubernetesSerialization().asYaml(webhookConfiguration(settings));

        String golden = "/install/mutatingwebhookconfiguration-" + version + ".yaml";
        try (var in = getClass().getResourceAsStream(golden)) {
            assertThat(in).as(golden).isNotNull();
            assertThat(yaml).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void failNeedsAKubernetesVersionWhereMatchConditionsAreGa() {
        assertThatThrownBy(() -> new InstallSettings.Webhook("Fail", InstallSettings.KubernetesVersion.parse("1.29")))
                .hasMessageContaining("--webhook-failure-policy Fail needs --kubernetes-version 1.30 or later")
                .hasMessageContaining("the cluster runs 1.29");
        assertThatThrownBy(() -> new InstallSettings.Webhook("Fail", null)).hasMessageContaining("give the cluster's version");
        assertThatThrownBy(() -> new InstallSettings.Webhook("fail", null)).hasMessageContaining("give Ignore");
        assertThatThrownBy(() -> InstallSettings.KubernetesVersion.parse("latest"))
                .hasMessageContaining("--kubernetes-version 'latest' is not a version such as 1.30");
        assertThat(InstallSettings.KubernetesVersion.parse("v1.31.2")).isEqualTo(new InstallSettings.KubernetesVersion(1, 31));
    }

    @Test
    void theNamespaceAllowsThePrivilegedAgentAndTheOperatorMeetsRestricted() {
        List<HasMetadata> objects = new InstallBundle(SETTINGS).objects();
        assertThat(objects.get(0).getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "privileged");
        var operator = ((Deployment) objects.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow())
                .getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext();
        assertThat(operator.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(operator.getRunAsNonRoot()).isTrue();
        assertThat(operator.getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getCapabilities().getDrop()).containsExactly("ALL");
    }

    /** Each CNI's OVS sockets are elsewhere on the host; the agent sees them at /var/run/openvswitch either way. */
    @ParameterizedTest
    @CsvSource({"antrea, /var/run/antrea/openvswitch", "kube-ovn, /run/openvswitch",
            "ovn-kubernetes, /var/run/openvswitch"})
    void theAgentMountsItsCnisOvsRunDirectory(String cni, String hostPath) {
        InstallSettings settings = new InstallSettings("hwoffload-system", "hwoffload:dev", null,
                InstallSettings.DevicePlugin.BUILTIN, InstallSettings.Webhook.DEFAULT, OvsHostDirectory.of(cni));
        var pod = ((DaemonSet) new InstallBundle(settings).objects().stream().filter(o -> o instanceof DaemonSet)
                .findFirst().orElseThrow()).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("ovs-run")).singleElement()
                .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo(hostPath));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).filteredOn(m -> m.getName().equals("ovs-run"))
                .singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/var/run/openvswitch"));
        assertThat(pod.getContainers().get(0).getArgs()).contains("--ovsdb=unix:/var/run/openvswitch/db.sock",
                "--ovs-rundir=/var/run/openvswitch");
    }

    @Test
    void anUnknownCniOrABadDirectoryNamesTheFlag() {
        assertThatThrownBy(() -> OvsHostDirectory.of("calico")).hasMessageContaining("--cni 'calico'")
                .hasMessageContaining("--ovs-rundir");
        assertThatThrownBy(() -> new OvsHostDirectory("run/ovs")).hasMessageContaining("--ovs-rundir 'run/ovs'");
        assertThatThrownBy(() -> new OvsHostDirectory("/var/run/../etc")).hasMessageContaining("normalized");
    }

    private static MutatingWebhookConfiguration webhookConfiguration(InstallSettings settings) {
        return webhookConfiguration(new InstallBundle(settings).objects());
    }

    private static MutatingWebhookConfiguration webhookConfiguration(List<HasMetadata> objects) {
        return (MutatingWebhookConfiguration) objects.stream()
                .filter(o -> o instanceof MutatingWebhookConfiguration).findFirst().orElseThrow();
    }

    @Test
    void theYamlAppliesToAnApiServer() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        String yaml = new InstallBundle(SETTINGS).objects().stream().map(serialization::asYaml)
                .collect(Collectors.joining());
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            List<HasMetadata> parsed = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
            assertThat(parsed).hasSize(20);
            parsed.stream().filter(o -> !o.getKind().equals("CustomResourceDefinition"))
                    .forEach(o -> client.resource(o).create());
            assertThat(client.apps().daemonSets().inNamespace("hwoffload-system").withName("hwoffload-agent").get()).isNotNull();
            assertThat(client.rbac().clusterRoles().withName("hwoffload-agent").get().getRules()).hasSize(5);
        }
    }

    @Test
    void badSettingsNameTheFlag() {
        assertThatThrownBy(() -> new InstallSettings("hwoffload-system", "image; rm -rf /", null))
                .hasMessageContaining("--image");
        assertThatThrownBy(() -> new InstallSettings("Bad_NS", "hwoffload:dev", null)).hasMessageContaining("--namespace");
    }

    private static List<String> rules(List<HasMetadata> objects, String role) {
        ClusterRole clusterRole = (ClusterRole) objects.stream()
                .filter(o -> o instanceof ClusterRole && o.getMetadata().getName().equals(role)).findFirst().orElseThrow();
        return clusterRole.getRules().stream().map(InstallBundleTest::describe).toList();
    }

    private static String describe(PolicyRule rule) {
        return String.join(",", rule.getApiGroups()) + "/" + String.join(",", rule.getResources()) + ": "
                + String.join(",", rule.getVerbs());
    }
}
