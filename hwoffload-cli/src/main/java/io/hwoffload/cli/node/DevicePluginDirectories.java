package io.hwoffload.cli.node;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the node's kubelet device plugin lives: the kubelet's socket directory and Multus' device-info files. */
final class DevicePluginDirectories {

    @Option(names = "--kubelet-dir", paramLabel = "DIR", defaultValue = "/var/lib/kubelet/device-plugins",
            description = "The kubelet's device plugin directory, holding kubelet.sock (default: ${DEFAULT-VALUE}).")
    Path kubelet;

    @Option(names = "--device-info-dir", paramLabel = "DIR", defaultValue = "/var/run/k8s.cni.cncf.io/devinfo/dp",
            description = "Where the device-info files for Multus go (default: ${DEFAULT-VALUE}).")
    Path deviceInfo;
}
