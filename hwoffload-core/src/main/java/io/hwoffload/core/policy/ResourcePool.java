package io.hwoffload.core.policy;

/**
 * A device plugin resource: {@code <resourcePrefix>/<resourceName>} backed by a range of each selected PF's
 * VFs ({@code pfNames: ["<pf>#<first>-<last>"]}), RDMA-capable or not.
 */
public record ResourcePool(String resourcePrefix, String resourceName, VfRange vfs, boolean isRdma) {

    /** The name pods request, such as {@code mellanox.com/cx5_sriov_switchdev}. */
    public String qualifiedName() {
        return resourcePrefix + "/" + resourceName;
    }
}
