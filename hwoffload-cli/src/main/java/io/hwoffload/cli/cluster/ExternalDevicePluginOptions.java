package io.hwoffload.cli.cluster;

import io.hwoffload.cli.UserInputException;
import io.hwoffload.operator.KubernetesNames;
import io.hwoffload.operator.agent.PodLabelSelector;
import picocli.CommandLine.Option;

/** Where sriov-network-device-plugin's pods are, for install and the agent in external mode. */
public final class ExternalDevicePluginOptions {

    @Option(names = "--device-plugin-namespace", paramLabel = "NAMESPACE", defaultValue = "kube-system",
            description = "external: where sriov-network-device-plugin's DaemonSet runs (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--device-plugin-selector", paramLabel = "KEY=VALUE[,...]", defaultValue = "app=sriovdp",
            description = "external: the labels of its pods (default: ${DEFAULT-VALUE}, as upstream's"
                    + " deployments/sriovdp-daemonset.yaml labels them).")
    String selector;

    /** --device-plugin-namespace, checked. */
    public String namespace() {
        try {
            return KubernetesNames.namespace("--device-plugin-namespace", namespace);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /** --device-plugin-selector, checked. */
    public PodLabelSelector selector() {
        try {
            return PodLabelSelector.parse(selector);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--device-plugin-selector: " + e.getMessage());
        }
    }
}
