package io.hwoffload.host;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A copy of another machine's sysfs (dev/capture-sysfs): readable, but there is no kernel behind it to ask
 * over netlink or to change, so netlink facts are unknown and every mutation is refused.
 */
public final class CapturedSysfs implements Host {
    private final Path root;

    public CapturedSysfs(Path root) {
        this.root = root;
    }

    @Override
    public IpConfig ipConfig() {
        return IpConfig.NONE;
    }

    @Override
    public Path stateDirectory() {
        throw refused("keep an ownership record");
    }

    @Override
    public Path sysfsRoot() {
        return root;
    }

    @Override
    public EswitchMode eswitchMode(PciAddress pf) {
        return EswitchMode.UNKNOWN;
    }

    @Override
    public Optional<Boolean> feature(String netdev, String feature) {
        return Optional.empty();
    }

    @Override
    public void writeNumVfs(PciAddress pf, int numVfs) {
        throw refused("write sriov_numvfs of " + pf);
    }

    @Override
    public void unbind(PciAddress device, String driver) {
        throw refused("unbind " + device);
    }

    @Override
    public void bind(PciAddress device, String driver) {
        throw refused("bind " + device);
    }

    @Override
    public void setEswitchMode(PciAddress pf, EswitchMode mode) {
        throw refused("set the eSwitch mode of " + pf);
    }

    @Override
    public void setFeature(String netdev, String feature, boolean on) {
        throw refused("set " + feature + " on " + netdev);
    }

    @Override
    public void setLinkUp(String netdev) {
        throw refused("set " + netdev + " up");
    }

    private HostException refused(String what) {
        return new HostException("cannot " + what + ": " + root + " is a copied sysfs tree with no kernel behind it;"
                + " use /sys on the node itself, or a nicsim tree (hwoffload nicsim create)");
    }
}
