package io.hwoffload.core.policy;

/** The NetworkAttachmentDefinition pods name in {@code v1.multus-cni.io/default-network: <namespace>/<name>}. */
public record NetworkAttachment(String name, String namespace) {
}
