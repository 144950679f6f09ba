package io.hwoffload.host;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;

/**
 * Every change hwoffload makes to a host's NICs, and nothing else. {@code LinuxHost} does it to the
 * kernel; nicsim's {@code SimulatedHost} does it to a sysfs-shaped tree and reacts as the kernel would.
 * Arguments are validated types or names checked by {@link HostNames} before they reach a path or argv.
 * Each method throws {@link HostException} with the kernel's (or the simulation's) reason on failure.
 */
public interface HostMutations {

    /** {@code echo N > /sys/bus/pci/devices/<pf>/sriov_numvfs}; non-zero to another non-zero fails (EBUSY). */
    void writeNumVfs(PciAddress pf, int numVfs);

    /** {@code echo <device> > /sys/bus/pci/drivers/<driver>/unbind}. */
    void unbind(PciAddress device, String driver);

    /** {@code echo <device> > /sys/bus/pci/drivers/<driver>/bind}. */
    void bind(PciAddress device, String driver);

    /** {@code devlink dev eswitch set pci/<pf> mode <mode>}. */
    void setEswitchMode(PciAddress pf, EswitchMode mode);

    /** {@code ethtool -K <netdev> <feature> on|off}. */
    void setFeature(String netdev, String feature, boolean on);

    /** {@code ip link set <netdev> up}. */
    void setLinkUp(String netdev);
}
