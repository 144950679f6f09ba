package io.hwoffload.core.policy;

/** The NetworkAttachmentDefinition pods name in {@code v1.multus-cni.io/default-network: <namespace>/<name>}. */
public record NetworkAttachment(String name, String namespace) {

    /** Kube-OVN finds the attachment by its provider, which must be {@code <name>.<namespace>.ovn}. */
    public String kubeOvnProvider() {
        return name + "." + namespace + ".ovn";
    }
}
