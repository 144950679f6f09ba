package io.hwoffload.core.policy;

/**
 * A device plugin resource: {@code <resourcePrefix>/<resourceName>} backed by some VFs of each selected PF
 * ({@code pfNames: ["<pf>#0,2-7"]}), RDMA-capable or not.
 */
public record ResourcePool(String resourcePrefix, String resourceName, VfIndexes vfs, boolean isRdma) {

    /** The name pods request, such as {@code mellanox.com/cx5_sriov_switchdev}. */
    public String qualifiedName() {
        return resourcePrefix + "/" + resourceName;
    }
}
