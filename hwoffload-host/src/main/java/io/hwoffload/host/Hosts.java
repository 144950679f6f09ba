package io.hwoffload.host;

import io.hwoffload.host.linux.LinuxHost;
import io.hwoffload.host.nicsim.NicsimTrees;
import io.hwoffload.host.nicsim.SimulatedHost;

import java.nio.file.Path;

/**
 * The host behind a sysfs root: this machine for {@code /sys}, an emulated node for a nicsim tree, and a
 * read-only copy for anything else laid out like sysfs.
 */
public final class Hosts {

    private Hosts() {
    }

    public static Host open(Path sysfsRoot) {
        if (NicsimTrees.isNicsimTree(sysfsRoot)) {
            return SimulatedHost.open(sysfsRoot);
        }
        return sysfsRoot.toAbsolutePath().normalize().equals(Path.of("/sys")) ? LinuxHost.system()
                : new CapturedSysfs(sysfsRoot);
    }
}
