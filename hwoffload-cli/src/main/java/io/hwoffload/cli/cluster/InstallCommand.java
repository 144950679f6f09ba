package io.hwoffload.cli.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.install.InstallBundle;
import io.hwoffload.operator.install.InstallSettings;
import io.hwoffload.operator.install.OvsHostDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "install",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Print everything that runs hwoffload in a cluster, ready for 'kubectl apply -f -': the CRDs"
                        + " (OffloadPolicy, OffloadNodeState), a service account and least-privilege RBAC for the"
                        + " operator and for the agent, the operator Deployment (policy reconciler and pod webhook),"
                        + " the agent DaemonSet (privileged, host network; mounts /sys, the OVS run directory and"
                        + " /var/lib/hwoffload), and the webhook's Service and MutatingWebhookConfiguration.",
                "",
                "The webhook's serving certificate comes from cert-manager (an Issuer and a Certificate are"
                        + " included) unless --ca-bundle names the CA of a certificate you put into the Secret"
                        + " hwoffload-webhook-tls yourself.",
                "",
                "The VFs reach the kubelet through the agents by default (--device-plugin builtin: each agent is its"
                        + " node's kubelet device plugin, and mounts /var/lib/kubelet/device-plugins and"
                        + " /var/run/k8s.cni.cncf.io/devinfo). In a cluster that already runs"
                        + " sriov-network-device-plugin, --device-plugin external merges the pools into"
                        + " kube-system/sriovdp-config (its other pools kept), and each agent restarts the plugin's pod"
                        + " on its node when that node's pools change; the agents may then list and delete pods in"
                        + " --device-plugin-namespace only.",
                ""},
        footer = {"",
                "Example:",
                "  hwoffload install --image registry.example.com/hwoffload:0.1.0 | kubectl apply -f -",
                "  hwoffload install --device-plugin external | kubectl apply -f -   # sriov-network-device-plugin runs",
                "  kubectl apply -f examples/policies/mellanox-antrea.yaml",
                "  kubectl get offloadpolicies,offloadnodestates"})
public final class InstallCommand implements Callable<Integer> {
    enum Format { yaml, json }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "yaml (a multi-document stream) or json (a v1 List); default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--namespace", paramLabel = "NAMESPACE", defaultValue = "hwoffload-system",
            description = "Namespace of the operator and the agents (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "ghcr.io/hwoffload/hwoffload:0.1.0",
            description = "The hwoffload image, built from the Dockerfile at the repository root"
                    + " (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--ca-bundle", paramLabel = "PEM_FILE",
            description = "CA certificate (PEM) that signed the webhook's serving certificate; without it cert-manager"
                    + " issues one.")
    Path caBundle;

    @Option(names = "--device-plugin", paramLabel = "MODE", defaultValue = "builtin", converter = DevicePluginModes.class,
            completionCandidates = DevicePluginModes.class,
            description = "builtin (default): the agents serve the VFs to the kubelet; external:"
                    + " sriov-network-device-plugin does, from kube-system/sriovdp-config.")
    DevicePluginMode devicePlugin;

    @Mixin
    ExternalDevicePluginOptions external;

    @Option(names = "--cni", paramLabel = "CNI",
            description = "antrea, kube-ovn or ovn-kubernetes: the agent mounts that CNI's OVS run directory from the"
                    + " hosts (/var/run/antrea/openvswitch, /run/openvswitch, /var/run/openvswitch). Default: "
                    + "/var/run/openvswitch.")
    String cni;

    @Option(names = "--ovs-rundir", paramLabel = "DIR",
            description = "The hosts' OVS run directory, instead of the --cni's.")
    String ovsRunDirectory;

    @Option(names = "--webhook-failure-policy", paramLabel = "Ignore|Fail", defaultValue = "Ignore",
            description = "What the API server does with a pod when the webhook does not answer: Ignore (default, as"
                    + " sriov-network-operator: the pod is admitted without its VF resource) or Fail (only with"
                    + " --kubernetes-version 1.30 or later, where matchConditions keep other pods out of it).")
    String webhookFailurePolicy;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION",
            description = "The cluster's Kubernetes version, such as 1.29: below 1.28 the webhook goes without"
                    + " matchConditions (not on by default there). Default: a current one.")
    String kubernetesVersion;

    @Override
    public Integer call() {
        InstallSettings settings;
        try {
            InstallSettings.DevicePlugin plugin = new InstallSettings.DevicePlugin(devicePlugin, external.namespace(),
                    external.selector());
            InstallSettings.Webhook webhook = new InstallSettings.Webhook(webhookFailurePolicy,
                    kubernetesVersion == null ? null : InstallSettings.KubernetesVersion.parse(kubernetesVersion));
            if (cni != null && ovsRunDirectory != null) {
                throw new IllegalArgumentException("give --cni or --ovs-rundir, not both");
            }
            OvsHostDirectory ovs = ovsRunDirectory != null ? new OvsHostDirectory(ovsRunDirectory)
                    : cni != null ? OvsHostDirectory.of(cni) : OvsHostDirectory.DEFAULT;
            settings = new InstallSettings(namespace, image, caBundle == null ? null : readCa(caBundle), plugin, webhook,
                    ovs);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        List<HasMetadata> objects = new InstallBundle(settings).objects();
        KubernetesSerialization serialization = new KubernetesSerialization();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(serialization.asJson(new KubernetesListBuilder()
                    .withItems(objects).build()));
        } else {
            objects.forEach(object -> out.print(serialization.asYaml(object)));
        }
        out.flush();
        return 0;
    }

    private static String readCa(Path file) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new UserInputException("--ca-bundle " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
            return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UserInputException("--ca-bundle " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
