package io.hwoffload.operator.deviceplugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwoffload.core.deviceplugin.DevicePool;
import io.hwoffload.core.deviceplugin.PoolDevice;
import io.hwoffload.operator.deviceplugin.api.ContainerAllocateResponse;
import io.hwoffload.operator.deviceplugin.api.DeviceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a container gets with its VFs, as sriov-network-device-plugin gives it (read at its commit 40b6f507):
 * <ul>
 * <li>{@code PCIDEVICE_<PREFIX>_<NAME>}: the PCI addresses, comma-separated ({@code pkg/resources/pool_stub.go});</li>
 * <li>the char devices the VF needs, host path = container path, "rw": {@code /dev/vfio/vfio} and its IOMMU group
 *     for a vfio-pci VF ({@code pkg/utils/utils.go} GetVFIODeviceFile), the VF's {@code /dev/infiniband} devices
 *     for an RDMA pool ({@code pkg/devices/rdma.go}, rdmamap);</li>
 * <li>the Network Plumbing WG device-info file (spec 1.1.0) that Multus hands to the CNI, written at Allocate:
 *     {@code <devinfo>/dp/<prefix>-<name>-<pci>-device.json} ('/' of the resource as '-':
 *     network-attachment-definition-client {@code pkg/utils/cniconfig.go} getDPDeviceInfoPath).</li>
 * </ul>
 */
final class DeviceAllocator {
    static final String DEVICE_INFO_VERSION = "1.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevicePool pool;
    private final Path sysfsRoot;
    private final Path deviceInfoDirectory;
    private final Path devRoot;

    /**
     * @param deviceInfoDirectory {@code /var/run/k8s.cni.cncf.io/devinfo/dp} on a node
     * @param devRoot             {@code /dev} on a node: the char devices named must exist there
     */
    DeviceAllocator(DevicePool pool, Path sysfsRoot, Path deviceInfoDirectory, Path devRoot) {
        this.pool = pool;
        this.sysfsRoot = sysfsRoot;
        this.deviceInfoDirectory = deviceInfoDirectory;
        this.devRoot = devRoot;
    }

    ContainerAllocateResponse allocate(List<PoolDevice> devices) throws DeviceAllocationException {
        ContainerAllocateResponse.Builder response = ContainerAllocateResponse.newBuilder()
                .putEnvs(pool.environmentVariable(), devices.stream().map(PoolDevice::id).collect(Collectors.joining(",")));
        Set<String> deviceFiles = new LinkedHashSet<>();
        for (PoolDevice device : devices) {
            List<String> rdma = pool.isRdma() ? rdmaDevices(device) : List.of();
            if ("vfio-pci".equals(device.driver())) {
                deviceFiles.add("vfio/vfio");
                deviceFiles.add("vfio/" + iommuGroup(device));
            }
            rdma.forEach(name -> deviceFiles.addAll(RdmaCharDevices.of(sysfsRoot, devRoot, name)));
            writeDeviceInfo(device, rdma);
        }
        for (String file : deviceFiles) {
            String path = devRoot.resolve(file).toString();
            response.addDevices(DeviceSpec.newBuilder().setHostPath(path).setContainerPath(path).setPermissions("rw"));
        }
        return response.build();
    }

    /** The RDMA devices of a VF: the names under its {@code infiniband} directory (mlx5_2). */
    private List<String> rdmaDevices(PoolDevice device) throws DeviceAllocationException {
        Path directory = sysfsRoot.resolve("bus/pci/devices").resolve(device.id()).resolve("infiniband");
        try (var names = Files.list(directory)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new DeviceAllocationException(device.id() + " of RDMA pool " + pool.qualifiedName()
                    + " has no RDMA device (" + directory + "): load the NIC's RDMA driver (mlx5_ib) or set isRdma false", e);
        }
    }

    private String iommuGroup(PoolDevice device) throws DeviceAllocationException {
        Path link = sysfsRoot.resolve("bus/pci/devices").resolve(device.id()).resolve("iommu_group");
        try {
            return Files.readSymbolicLink(link).getFileName().toString();
        } catch (IOException e) {
            throw new DeviceAllocationException(device.id() + " is bound to vfio-pci but has no IOMMU group ("
                    + link + "): enable the IOMMU (intel_iommu=on iommu=pt)", e);
        }
    }

    /** Replaces the file atomically: a CNI reading it never sees half of one. */
    private void writeDeviceInfo(PoolDevice device, List<String> rdma) throws DeviceAllocationException {
        ObjectNode info = JSON.createObjectNode();
        info.put("type", "pci");
        info.put("version", DEVICE_INFO_VERSION);
        ObjectNode pci = info.putObject("pci");
        pci.put("pci-address", device.id());
        if (!rdma.isEmpty()) {
            pci.put("rdma-device", String.join(",", rdma));
        }
        Path file = deviceInfoFile(device);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".devinfo-", ".tmp");
            Files.write(temporary, JSON.writeValueAsBytes(info));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DeviceAllocationException("cannot write the device-info file " + file + " for " + device.id()
                    + ": " + e.getMessage(), e);
        }
    }

    Path deviceInfoFile(PoolDevice device) {
        return deviceInfoDirectory.resolve(pool.qualifiedName().replace('/', '-') + "-" + device.id() + "-device.json");
    }
}
