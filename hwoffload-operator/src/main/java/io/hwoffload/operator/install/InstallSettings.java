package io.hwoffload.operator.install;

import io.hwoffload.operator.KubernetesNames;
import io.hwoffload.operator.agent.PodLabelSelector;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between installs: the namespace, the image, the webhook's CA bundle (base64 PEM; null leaves it to
 * cert-manager's CA injector), who serves the VFs to the kubelets, the webhook's failure policy, and where the CNI's
 * OVS sockets are on the hosts.
 */
public record InstallSettings(String namespace, String image, String caBundle, DevicePlugin devicePlugin,
                              Webhook webhook, OvsHostDirectory ovsHostDirectory) {
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]+");

    /**
     * The device plugin: the agents (builtin), or an sriov-network-device-plugin DaemonSet in {@code namespace}
     * whose pods have the labels {@code pods} (external; upstream deploys it to kube-system with app=sriovdp).
     */
    public record DevicePlugin(DevicePluginMode mode, String namespace, PodLabelSelector pods) {
        public static final DevicePlugin BUILTIN = new DevicePlugin(DevicePluginMode.BUILTIN, "kube-system",
                PodLabelSelector.parse("app=sriovdp"));

        public DevicePlugin {
            KubernetesNames.namespace("--device-plugin-namespace", namespace);
        }
    }

    /**
     * The pod webhook's failure policy, and the cluster's Kubernetes version when known (null: assume a current one).
     * matchConditions are beta, on by default, from 1.28 and GA in 1.30 (alpha, off by default, in 1.27): below 1.28
     * they are left out, and Fail, which without them would hold every pod CREATE during an operator outage, is
     * accepted only for a version of 1.30 or later given. sriov-network-operator does the same: Ignore, or Fail with a
     * matchCondition behind its resourceInjectorMatchCondition feature gate
     * ({@code bindata/manifests/webhook/003-webhook.yaml}, commit 293b8419).
     */
    public record Webhook(String failurePolicy, KubernetesVersion kubernetesVersion) {
        public static final Webhook DEFAULT = new Webhook("Ignore", null);

        public Webhook {
            if (!"Ignore".equals(failurePolicy) && !"Fail".equals(failurePolicy)) {
                throw new IllegalArgumentException("--webhook-failure-policy '" + failurePolicy + "': give Ignore (default:"
                        + " a pod is admitted without its VF resource while the webhook is down) or Fail");
            }
            if ("Fail".equals(failurePolicy) && (kubernetesVersion == null || !kubernetesVersion.atLeast(1, 30))) {
                throw new IllegalArgumentException("--webhook-failure-policy Fail needs --kubernetes-version 1.30 or later"
                        + " (matchConditions are GA there; without them an operator outage would block every pod,"
                        + " the operator's own replacement too)" + (kubernetesVersion == null ? "; give the cluster's version"
                        : "; the cluster runs " + kubernetesVersion));
            }
        }

        /** Whether the webhook configuration may carry matchConditions (on by default from 1.28). */
        public boolean matchConditions() {
            return kubernetesVersion == null || kubernetesVersion.atLeast(1, 28);
        }
    }

    /** A Kubernetes minor version, {@code 1.30} (a patch, {@code 1.30.2} or {@code v1.30.2}, is ignored). */
    public record KubernetesVersion(int major, int minor) {
        private static final Pattern TEXT = Pattern.compile("v?([0-9]{1,2})\\.([0-9]{1,3})(\\.[0-9]{1,4})?");

        public static KubernetesVersion parse(String text) {
            Matcher m = TEXT.matcher(text == null ? "" : text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("--kubernetes-version '" + text + "' is not a version such as 1.30");
            }
            return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }

        public boolean atLeast(int wantMajor, int wantMinor) {
            return major > wantMajor || (major == wantMajor && minor >= wantMinor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    public InstallSettings {
        KubernetesNames.namespace("--namespace", namespace);
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw new IllegalArgumentException("--image '" + image + "' is not an image reference such as "
                    + "registry.example.com/hwoffload:0.1.0");
        }
        if (caBundle != null && !BASE64.matcher(caBundle).matches()) {
            throw new IllegalArgumentException("--ca-bundle must hold a base64-encoded PEM CA certificate");
        }
    }

    /** The image's tag ({@code 0.1.0} of {@code registry:5000/hwoffload:0.1.0}); empty for a digest or no tag. */
    public Optional<String> imageTag() {
        if (image.contains("@")) {
            return Optional.empty();
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(last.substring(colon + 1));
    }

    /** With the built-in device plugin, the default webhook and OVS in /var/run/openvswitch. */
    public InstallSettings(String namespace, String image, String caBundle) {
        this(namespace, image, caBundle, DevicePlugin.BUILTIN, Webhook.DEFAULT, OvsHostDirectory.DEFAULT);
    }

    public InstallSettings(String namespace, String image, String caBundle, DevicePlugin devicePlugin) {
        this(namespace, image, caBundle, devicePlugin, Webhook.DEFAULT, OvsHostDirectory.DEFAULT);
    }

    public InstallSettings(String namespace, String image, String caBundle, DevicePlugin devicePlugin, Webhook webhook) {
        this(namespace, image, caBundle, devicePlugin, webhook, OvsHostDirectory.DEFAULT);
    }
}
