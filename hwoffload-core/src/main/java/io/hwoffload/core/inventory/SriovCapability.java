package io.hwoffload.core.inventory;

/** A PF's SR-IOV capability and current VF count (sysfs {@code sriov_*}). */
public record SriovCapability(int totalVfs, int numVfs, int offset, int stride, String vfDeviceId) {
}
