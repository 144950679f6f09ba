package io.hwoffload.core.inventory;

/** Versions of what offload depends on, as the host reports them; null when not found. */
public record HostVersions(String kernel, String iproute2, String ethtool, String ovs) {
}
