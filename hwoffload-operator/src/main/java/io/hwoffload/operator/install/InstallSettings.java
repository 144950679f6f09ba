package io.hwoffload.operator.install;

import io.hwoffload.operator.KubernetesNames;
import io.hwoffload.operator.agent.PodLabelSelector;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;

import java.util.regex.Pattern;

/**
 * What differs between installs: the namespace, the image, the webhook's CA bundle (base64 PEM; null leaves it to
 * cert-manager's CA injector), and who serves the VFs to the kubelets.
 */
public record InstallSettings(String namespace, String image, String caBundle, DevicePlugin devicePlugin) {
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

    /** With the built-in device plugin. */
    public InstallSettings(String namespace, String image, String caBundle) {
        this(namespace, image, caBundle, DevicePlugin.BUILTIN);
    }
}
