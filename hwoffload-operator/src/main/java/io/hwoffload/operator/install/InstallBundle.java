package io.hwoffload.operator.install;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hwoffload.core.render.DevicePluginConfigMerge;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.webhook.WebhookScope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything {@code kubectl apply -f -} needs to run hwoffload in a cluster: CRDs, one service account and
 * least-privilege RBAC per component, the operator Deployment (reconciler + pod webhook), the agent
 * DaemonSet with only the host mounts it uses, and the webhook's Service and configuration.
 */
public final class InstallBundle {
    static final String OPERATOR = "hwoffload-operator";
    static final String AGENT = "hwoffload-agent";
    static final String WEBHOOK = WebhookScope.CONFIGURATION;
    static final String WEBHOOK_TLS_SECRET = "hwoffload-webhook-tls";
    static final int WEBHOOK_PORT = 8443;
    static final int METRICS_PORT = 9109;
    /** Where the agent sees the CNI's OVS run directory (the host's is {@link InstallSettings#ovsHostDirectory}). */
    static final String OVS_RUNDIR = "/var/run/openvswitch";
    /** The kubelet's device plugin directory (k8s.io/kubelet deviceplugin v1beta1 DevicePluginPath). */
    static final String DEVICE_PLUGINS = "/var/lib/kubelet/device-plugins";
    /** Network Plumbing WG device-info files (network-attachment-definition-client pkg/utils baseDevInfoPath). */
    static final String DEVICE_INFO = "/var/run/k8s.cni.cncf.io/devinfo";
    private static final List<String> CRD_FILES = List.of("offloadpolicies.hwoffload.io-v1.yml",
            "offloadnodestates.hwoffload.io-v1.yml");
    static final String NAME_LABEL = "app.kubernetes.io/name";
    /**
     * The Lease the operator replicas elect their leader with (JOSDK LeaderElectionManager needs get, create and
     * update on it, at commit v5.2.3, checkLeaseAccess).
     */
    public static final String LEADER_LEASE = OPERATOR;
    /** Priority classes as sriov-network-operator gives its webhook and its node daemon (bindata/manifests at 249e2001). */
    static final String OPERATOR_PRIORITY = "system-cluster-critical";
    static final String AGENT_PRIORITY = "system-node-critical";
    static final int OPERATOR_REPLICAS = 2;
    private static final String LEADER_ELECTION_ROLE = OPERATOR + "-leader-election";
    private static final String CRD_COMPONENT = "hwoffload-crds";

    private static final Map<String, String> COMPONENTS = Map.of(OPERATOR, "operator", AGENT, "agent", WEBHOOK, "webhook",
            CRD_COMPONENT, "crd",
            LEADER_ELECTION_ROLE, "operator");

    private final InstallSettings settings;

    public InstallBundle(InstallSettings settings) {
        this.settings = settings;
    }

    public List<HasMetadata> objects() {
        List<HasMetadata> objects = new ArrayList<>();
        // The agent is privileged by design (sriov_numvfs, devlink, driver binding): the namespace says so to Pod
        // Security Admission; the operator itself meets the restricted profile.
        Map<String, String> namespaceLabels = new LinkedHashMap<>(labels(settings.namespace()));
        namespaceLabels.put("pod-security.kubernetes.io/enforce", "privileged");
        objects.add(new NamespaceBuilder().withNewMetadata().withName(settings.namespace()).withLabels(namespaceLabels)
                .endMetadata().build());
        crds().forEach(crd -> {
            crd.getMetadata().setLabels(labels(CRD_COMPONENT));
            objects.add(crd);
        });
        objects.addAll(operatorRbac());
        objects.addAll(agentRbac());
        objects.addAll(operatorDeployment());
        objects.add(agentDaemonSet());
        objects.add(new ServiceBuilder().withMetadata(meta(WEBHOOK, settings.namespace()))
                .withNewSpec().withSelector(Map.of(NAME_LABEL, OPERATOR))
                .addNewPort().withName("webhook").withPort(443).withTargetPort(new IntOrString(WEBHOOK_PORT)).endPort()
                .endSpec().build());
        objects.add(webhookConfiguration());
        if (settings.caBundle() == null) {
            objects.addAll(certManagerCertificate());
        }
        return objects;
    }

    public static List<CustomResourceDefinition> crds() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String file : CRD_FILES) {
            try (InputStream in = InstallBundle.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("CRD " + file + " is not in the jar; it is generated at build time");
                }
                CustomResourceDefinition crd = serialization.unmarshal(in, CustomResourceDefinition.class);
                crd.getSpec().getVersions().forEach(v -> conditionsAsMaps(v.getSchema().getOpenAPIV3Schema()));
                crds.add(crd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return crds;
    }

    /**
     * Every {@code conditions} list becomes a map keyed by {@code type}, as metav1.Condition lists are
     * ({@code +listType=map}, {@code +listMapKey=type}): a merge then replaces one condition, not the list, and two
     * conditions of one type are refused. The CRD generator has no annotation for it, so it is set here, the one
     * place the CRDs are read.
     */
    private static void conditionsAsMaps(JSONSchemaProps schema) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((name, property) -> {
            JSONSchemaProps items = property.getItems() == null ? null : property.getItems().getSchema();
            if (name.equals("conditions") && "array".equals(property.getType()) && items != null
                    && items.getProperties() != null && items.getProperties().containsKey("type")) {
                property.setXKubernetesListType("map");
                property.setXKubernetesListMapKeys(List.of("type"));
                // A map key must be required (apiextensions validation); a condition always has a type.
                List<String> required = new ArrayList<>(Optional.ofNullable(items.getRequired()).orElse(List.of()));
                if (!required.contains("type")) {
                    required.add("type");
                }
                items.setRequired(required);
            }
            conditionsAsMaps(property);
            conditionsAsMaps(items);
        });
    }

    private List<HasMetadata> operatorRbac() {
        String ns = settings.namespace();
        return List.of(
                new ServiceAccountBuilder().withMetadata(meta(OPERATOR, ns)).build(),
                new ClusterRoleBuilder().withMetadata(meta(OPERATOR, null)).withRules(
                        rule("hwoffload.io", "offloadpolicies", "get", "list", "watch", "patch", "update"),
                        rule("hwoffload.io", "offloadpolicies/status", "get", "patch", "update"),
                        rule("hwoffload.io", "offloadpolicies/finalizers", "update"),
                        rule("hwoffload.io", "offloadnodestates", "get", "list", "watch", "create", "patch", "update", "delete"),
                        // Labels only: the policy markers and the CNI's node-role labels.
                        rule("", "nodes", "get", "list", "watch", "patch", "update"),
                        rule("k8s.cni.cncf.io", "network-attachment-definitions", "get", "list", "watch", "create",
                                "patch", "update", "delete"),
                        rule("", "events", "create", "patch"),
                        // Its webhook's matchCondition follows the networks it renders (WebhookScope).
                        rule("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "list", "watch"),
                        new PolicyRuleBuilder().withApiGroups("admissionregistration.k8s.io")
                                .withResources("mutatingwebhookconfigurations").withResourceNames(WEBHOOK)
                                .withVerbs("get", "patch", "update").build()).build(),
                new ClusterRoleBindingBuilder().withMetadata(meta(OPERATOR, null))
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", OPERATOR)
                        .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName(OPERATOR).withNamespace(ns).build())
                        .build(),
                // sriov-network-device-plugin's ConfigMap lives in kube-system; nothing else there is touched. In
                // builtin mode the operator only takes hwoffload's pools out of it (left from an external install).
                new RoleBuilder().withMetadata(meta(OPERATOR, DevicePluginConfigMerge.NAMESPACE))
                        .withRules(devicePluginConfigRules()).build(),
                roleBinding(OPERATOR, DevicePluginConfigMerge.NAMESPACE, OPERATOR),
                // Its replicas elect a leader with one Lease in its own namespace (create cannot be limited by name).
                new RoleBuilder().withMetadata(meta(LEADER_ELECTION_ROLE, ns)).withRules(
                        rule("coordination.k8s.io", "leases", "create"),
                        new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                                .withResourceNames(LEADER_LEASE).withVerbs("get", "update").build()).build(),
                roleBinding(LEADER_ELECTION_ROLE, ns, OPERATOR));
    }

    /** That one ConfigMap by name (RBAC cannot limit create by name: only external mode, which may make it, has it). */
    private List<PolicyRule> devicePluginConfigRules() {
        List<PolicyRule> rules = new ArrayList<>();
        rules.add(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                .withResourceNames(DevicePluginConfigMerge.NAME).withVerbs("get", "patch", "update", "delete").build());
        if (settings.devicePlugin().mode() == DevicePluginMode.EXTERNAL) {
            rules.add(rule("", "configmaps", "create"));
        }
        return rules;
    }

    private RoleBinding roleBinding(String role, String namespace, String serviceAccount) {
        return new RoleBindingBuilder().withMetadata(meta(role, namespace))
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", role)
                .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName(serviceAccount)
                        .withNamespace(settings.namespace()).build())
                .build();
    }

    private List<HasMetadata> agentRbac() {
        String ns = settings.namespace();
        List<HasMetadata> objects = new ArrayList<>(List.of(
                new ServiceAccountBuilder().withMetadata(meta(AGENT, ns)).build(),
                new ClusterRoleBuilder().withMetadata(meta(AGENT, null)).withRules(
                        rule("hwoffload.io", "offloadnodestates", "get", "list", "watch"),
                        rule("hwoffload.io", "offloadnodestates/status", "get", "patch", "update"),
                        // A rollout's drain: cordon and uncordon its own node, find its pods, evict them through
                        // the Eviction API (which honours PodDisruptionBudgets); never delete a pod directly.
                        rule("", "nodes", "get", "patch", "update"),
                        rule("", "pods", "list"),
                        rule("", "pods/eviction", "create")).build(),
                new ClusterRoleBindingBuilder().withMetadata(meta(AGENT, null))
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", AGENT)
                        .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName(AGENT).withNamespace(ns).build())
                        .build()));
        if (settings.devicePlugin().mode() == DevicePluginMode.EXTERNAL) {
            // To restart the device plugin's pod on its node: pods of that namespace only, nothing else there.
            String pluginNamespace = settings.devicePlugin().namespace();
            objects.add(new RoleBuilder().withMetadata(meta(AGENT, pluginNamespace))
                    .withRules(rule("", "pods", "list", "delete")).build());
            objects.add(roleBinding(AGENT, pluginNamespace, AGENT));
        }
        return objects;
    }

    /**
     * Two replicas, spread over nodes when there are several: both serve the webhook behind its Service, the one
     * holding the Lease reconciles. Liveness fails when the reconciler is dead, readiness while the webhook does not
     * serve the certificate its Secret holds (cert-manager renews it).
     */
    private List<HasMetadata> operatorDeployment() {
        Container container = new ContainerBuilder().withName("operator").withImage(settings.image())
                .withArgs("operator", "--webhook-port=" + WEBHOOK_PORT, "--tls-cert=/tls/tls.crt", "--tls-key=/tls/tls.key",
                        "--device-plugin=" + settings.devicePlugin().mode().label(),
                        "--leader-election=" + settings.namespace() + "/" + LEADER_LEASE)
                .withEnv(fieldEnv("POD_NAME", "metadata.name"))
                .addNewPort().withName("webhook").withContainerPort(WEBHOOK_PORT).endPort()
                .withVolumeMounts(new VolumeMountBuilder().withName("tls").withMountPath("/tls").withReadOnly(true).build())
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(WEBHOOK_PORT))
                .withScheme("HTTPS").endHttpGet().withPeriodSeconds(10).withFailureThreshold(3).endLivenessProbe()
                .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString(WEBHOOK_PORT))
                .withScheme("HTTPS").endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withReadOnlyRootFilesystem(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .withNewResources().withRequests(new TreeMap<>(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi"))))
                .withLimits(Map.of("memory", new Quantity("512Mi"))).endResources()
                .build();
        Map<String, String> selector = Map.of(NAME_LABEL, OPERATOR);
        HasMetadata deployment = new DeploymentBuilder().withMetadata(meta(OPERATOR, settings.namespace()))
                .withNewSpec().withReplicas(OPERATOR_REPLICAS)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(OPERATOR)).endMetadata()
                .withNewSpec().withServiceAccountName(OPERATOR).withPriorityClassName(OPERATOR_PRIORITY)
                .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100).withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().withMatchLabels(selector).endLabelSelector().endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                .withContainers(container)
                .withVolumes(new VolumeBuilder().withName("tls").withNewSecret().withSecretName(WEBHOOK_TLS_SECRET).endSecret().build())
                .endSpec().endTemplate().endSpec().build();
        // A drain takes at most one replica at a time, so the webhook always has one to answer.
        HasMetadata budget = new PodDisruptionBudgetBuilder().withMetadata(meta(OPERATOR, settings.namespace()))
                .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().withMatchLabels(selector).endSelector()
                .endSpec().build();
        return List.of(deployment, budget);
    }

    private static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath)
                .endFieldRef().endValueFrom().build();
    }

    /**
     * The agent changes the host: sriov_numvfs, driver binding, devlink and ethtool need a privileged
     * container in the host's network namespace (netdevs are per namespace). It mounts /sys, the OVS run
     * directory (OVSDB and ovs-vswitchd control sockets), its own state directory, and, as the node's kubelet
     * device plugin (builtin mode), the kubelet's device plugin directory (kubelet.sock and the endpoints) and the
     * device-info directory Multus reads; nothing else.
     */
    private HasMetadata agentDaemonSet() {
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                new VolumeMountBuilder().withName("sys").withMountPath("/sys").build(),
                new VolumeMountBuilder().withName("ovs-run").withMountPath(OVS_RUNDIR).build(),
                new VolumeMountBuilder().withName("state").withMountPath("/var/lib/hwoffload").build()));
        List<Volume> volumes = new ArrayList<>(List.of(
                hostPath("sys", "/sys", "Directory"),
                hostPath("ovs-run", settings.ovsHostDirectory().path(), "DirectoryOrCreate"),
                hostPath("state", "/var/lib/hwoffload", "DirectoryOrCreate")));
        List<String> args = new ArrayList<>(List.of("agent", "--ovsdb=unix:" + OVS_RUNDIR + "/db.sock",
                "--ovs-rundir=" + OVS_RUNDIR, "--metrics-port=" + METRICS_PORT));
        InstallSettings.DevicePlugin plugin = settings.devicePlugin();
        if (plugin.mode() == DevicePluginMode.BUILTIN) {
            mounts.add(new VolumeMountBuilder().withName("device-plugins").withMountPath(DEVICE_PLUGINS).build());
            mounts.add(new VolumeMountBuilder().withName("devinfo").withMountPath(DEVICE_INFO).build());
            volumes.add(hostPath("device-plugins", DEVICE_PLUGINS, "Directory"));
            volumes.add(hostPath("devinfo", DEVICE_INFO, "DirectoryOrCreate"));
            args.addAll(List.of("--device-plugin=builtin", "--kubelet-dir=" + DEVICE_PLUGINS,
                    "--device-info-dir=" + DEVICE_INFO + "/dp"));
        } else {
            args.addAll(List.of("--device-plugin=external", "--device-plugin-namespace=" + plugin.namespace(),
                    "--device-plugin-selector=" + plugin.pods()));
        }
        Container container = new ContainerBuilder().withName("agent").withImage(settings.image())
                .withArgs(args)
                .withEnv(fieldEnv("NODE_NAME", "spec.nodeName"))
                .addNewPort().withName("metrics").withContainerPort(METRICS_PORT).endPort()
                // Liveness only fails when a restart would help; an API server outage makes the agent unready.
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(METRICS_PORT))
                .endHttpGet().endLivenessProbe()
                .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString(METRICS_PORT))
                .endHttpGet().endReadinessProbe()
                .withNewSecurityContext().withPrivileged(true).withRunAsUser(0L).endSecurityContext()
                .withVolumeMounts(mounts)
                // bench/device-plugin measured 212 MiB resident with 5 pools served (heap capped at 288 MiB).
                .withNewResources().withRequests(new TreeMap<>(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("256Mi"))))
                .withLimits(Map.of("memory", new Quantity("384Mi"))).endResources()
                .build();
        return new DaemonSetBuilder().withMetadata(meta(AGENT, settings.namespace()))
                .withNewSpec().withNewSelector().withMatchLabels(Map.of(NAME_LABEL, AGENT)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(AGENT))
                .withAnnotations(new TreeMap<>(Map.of("prometheus.io/scrape", "true", "prometheus.io/port",
                        String.valueOf(METRICS_PORT))))
                .endMetadata()
                .withNewSpec().withServiceAccountName(AGENT).withPriorityClassName(AGENT_PRIORITY).withHostNetwork(true)
                .withDnsPolicy("ClusterFirstWithHostNet")
                .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
                .addNewToleration().withOperator("Exists").endToleration()
                .withContainers(container).withVolumes(volumes)
                .endSpec().endTemplate().endSpec().build();
    }

    private HasMetadata webhookConfiguration() {
        ObjectMeta meta = meta(WEBHOOK, null);
        if (settings.caBundle() == null) {
            // Without a CA given, cert-manager's CA injector fills caBundle from the serving certificate.
            meta.setAnnotations(Map.of("cert-manager.io/inject-ca-from", settings.namespace() + "/" + WEBHOOK));
        }
        return new MutatingWebhookConfigurationBuilder().withMetadata(meta)
                .addNewWebhook().withName(WebhookScope.WEBHOOK)
                .withAdmissionReviewVersions("v1").withSideEffects("None")
                .withFailurePolicy(settings.webhook().failurePolicy())
                .withTimeoutSeconds(10).withReinvocationPolicy("IfNeeded")
                .withNewClientConfig().withCaBundle(settings.caBundle())
                .withNewService().withNamespace(settings.namespace()).withName(WEBHOOK).withPath("/mutate-pods")
                .withPort(443).endService().endClientConfig()
                .addNewRule().withApiGroups("").withApiVersions("v1").withOperations("CREATE").withResources("pods")
                .withScope("Namespaced").endRule()
                // No pod until the operator has rendered a network and put its name in the condition.
                .withMatchConditions(settings.webhook().matchConditions()
                        ? List.of(new MatchConditionBuilder().withName(WebhookScope.CONDITION)
                        .withExpression(WebhookScope.matchExpression(List.of())).build()) : List.of())
                .endWebhook().build();
    }

    /** A self-signed serving certificate for the webhook Service, issued into the Secret the operator mounts. */
    private List<HasMetadata> certManagerCertificate() {
        String ns = settings.namespace();
        GenericKubernetesResource issuer = new GenericKubernetesResourceBuilder()
                .withApiVersion("cert-manager.io/v1").withKind("Issuer").withMetadata(meta(WEBHOOK, ns))
                .withAdditionalProperties(Map.of("spec", Map.of("selfSigned", Map.of()))).build();
        String service = WEBHOOK + "." + ns + ".svc";
        GenericKubernetesResource certificate = new GenericKubernetesResourceBuilder()
                .withApiVersion("cert-manager.io/v1").withKind("Certificate").withMetadata(meta(WEBHOOK, ns))
                .withAdditionalProperties(Map.of("spec", Map.of(
                        "secretName", WEBHOOK_TLS_SECRET,
                        "dnsNames", List.of(service, service + ".cluster.local"),
                        "issuerRef", Map.of("kind", "Issuer", "name", WEBHOOK)))).build();
        return List.of(issuer, certificate);
    }

    private static Volume hostPath(String name, String path, String type) {
        return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType(type).endHostPath().build();
    }

    private static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
    }

    private ObjectMeta meta(String name, String namespace) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels(name)).build();
    }

    /**
     * Kubernetes' recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels):
     * the instance is the install's namespace, the version the image's tag (none for an image by digest), and the
     * component the part an object belongs to. Selectors use the name only: a new version must not orphan pods.
     * In this order, always: Map.of's order changes from one JVM run to the next, and so would the YAML.
     */
    private Map<String, String> labels(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, name);
        labels.put("app.kubernetes.io/instance", settings.namespace());
        settings.imageTag().ifPresent(tag -> labels.put("app.kubernetes.io/version", tag));
        labels.put("app.kubernetes.io/component", COMPONENTS.getOrDefault(name, "namespace"));
        labels.put("app.kubernetes.io/part-of", "hwoffload");
        labels.put("app.kubernetes.io/managed-by", "hwoffload-install");
        return labels;
    }
}
