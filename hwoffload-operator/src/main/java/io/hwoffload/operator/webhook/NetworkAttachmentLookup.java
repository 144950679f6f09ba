package io.hwoffload.operator.webhook;

import java.util.Optional;

/** Reads the device plugin resource a NetworkAttachmentDefinition stands for. */
public interface NetworkAttachmentLookup {
    /** The NetworkAttachmentDefinition annotation naming the resource, such as {@code mellanox.com/cx5_sriov_switchdev}. */
    String RESOURCE_NAME_ANNOTATION = "k8s.v1.cni.cncf.io/resourceName";

    /**
     * The value of {@link #RESOURCE_NAME_ANNOTATION} on NetworkAttachmentDefinition {@code namespace/name}; empty
     * when the definition exists without it (a network that needs no device).
     *
     * @throws NetworkAttachmentNotFoundException when there is no such NetworkAttachmentDefinition
     * @throws NetworkAttachmentLookupException when it cannot be read
     */
    Optional<String> resourceName(String namespace, String name) throws NetworkAttachmentLookupException;
}
