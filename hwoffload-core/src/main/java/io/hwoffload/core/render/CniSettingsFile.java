package io.hwoffload.core.render;

/**
 * A CNI setting the cluster's admin puts in place by hand or through the CNI's installer (Kube-OVN install.sh
 * variables, Helm values, a node file): its file name, what it is for and where it goes, and its text.
 */
public record CniSettingsFile(String fileName, String description, String content) {
}
