package io.hwoffload.core.deviceplugin;

import io.hwoffload.core.pci.PciAddress;

/**
 * One VF as the kubelet device plugin offers it: its PCI address is the device ID (what Multus and the CNIs read
 * back from the kubelet's pod-resources API), its NUMA node the topology hint.
 *
 * @param numaNode     null when the kernel reports none (-1)
 * @param unhealthyWhy null when the VF is offload-ready, else what is not (the pod would get a VF that is not)
 */
public record PoolDevice(PciAddress pciAddress, PciAddress pf, String pfNetdev, Integer numaNode, String driver,
                         String unhealthyWhy) {

    public boolean healthy() {
        return unhealthyWhy == null;
    }

    public String id() {
        return pciAddress.toString();
    }
}
