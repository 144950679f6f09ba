package io.hwoffload.core.deviceplugin;

import java.util.List;
import java.util.Locale;

/**
 * One resource pool of the node's policies as the kubelet sees it: an extended resource {@code <prefix>/<name>}
 * and the VFs that exist for it now, each healthy only when it is offload-ready.
 */
public record DevicePool(String resourcePrefix, String resourceName, boolean isRdma, List<PoolDevice> devices) {

    public DevicePool {
        devices = List.copyOf(devices);
    }

    /** The extended resource pods request, {@code mellanox.com/cx5_sriov_switchdev}. */
    public String qualifiedName() {
        return resourcePrefix + "/" + resourceName;
    }

    /**
     * The socket file name in the kubelet's device plugin directory, {@code hwoffload_<prefix>_<name>.sock}: the
     * prefix and name pass the policy's validation (DNS subdomain; letters, digits, '_', '-'), so no path
     * separator can reach it.
     */
    public String socketName() {
        return "hwoffload_" + resourcePrefix + "_" + resourceName + ".sock";
    }

    /**
     * The variable holding the allocated PCI addresses, as sriov-network-device-plugin names it
     * ({@code pkg/resources/pool_stub.go} GetEnvs: {@code PCIDEVICE_<prefix>_<name>}, '.' to '_', upper case;
     * a '-' stays), so that pods written for it work unchanged.
     */
    public String environmentVariable() {
        return ("PCIDEVICE_" + resourcePrefix + "_" + resourceName).replace('.', '_').toUpperCase(Locale.ROOT);
    }

    public long healthyCount() {
        return devices.stream().filter(PoolDevice::healthy).count();
    }
}
