package io.hwoffload.operator.deviceplugin;

import java.util.Locale;

/**
 * Who serves a cluster's VFs to the kubelets: the agents themselves (builtin), or an
 * sriov-network-device-plugin DaemonSet already running there (external), which reads the pools from
 * {@code kube-system/sriovdp-config} at its start and so is restarted by the agent when they change.
 */
public enum DevicePluginMode {
    BUILTIN, EXTERNAL;

    /** As written on the command line: {@code builtin}, {@code external}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
