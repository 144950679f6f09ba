package io.hwoffload.host.linux;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.HostNames;
import io.hwoffload.host.IpConfig;
import io.hwoffload.host.exec.CommandException;
import io.hwoffload.host.exec.CommandResult;
import io.hwoffload.host.exec.CommandRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The real kernel: sysfs writes for SR-IOV and driver binding, devlink for the eSwitch mode, ethtool for netdev
 * features, ip for links. Every name reaching a path or an argv is a validated type or passes {@link HostNames}.
 *
 * <p>Tests give it a temporary directory as sysfs root and a runner bound to a private network namespace, so they
 * touch neither the host's devices nor its links.
 */
public final class LinuxHost implements Host {
    /** mlx5 takes seconds to switch an eSwitch with many VFs; anything near a minute is stuck. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path sysfsRoot;
    private final CommandRunner commands;
    private final SysfsWriteFailures sysfsFailures;

    public LinuxHost(Path sysfsRoot, CommandRunner commands) {
        this.sysfsRoot = sysfsRoot;
        this.commands = commands;
        this.sysfsFailures = new SysfsWriteFailures(sysfsRoot);
    }

    /** This machine: {@code /sys} and commands in the caller's network namespace. */
    public static LinuxHost system() {
        return new LinuxHost(Path.of("/sys"), CommandRunner.withTimeout(COMMAND_TIMEOUT));
    }

    /** iproute2 in this process's network namespace: the host's own. */
    @Override
    public IpConfig ipConfig() {
        return new Iproute2IpConfig(commands, null);
    }

    @Override
    public Path stateDirectory() {
        return Path.of("/var/lib/hwoffload");
    }

    @Override
    public Path sysfsRoot() {
        return sysfsRoot;
    }

    // ---- sysfs ---------------------------------------------------------------------------------------------

    @Override
    public void writeNumVfs(PciAddress pf, int numVfs) {
        if (numVfs < 0) {
            throw new IllegalArgumentException("a VF count is 0 or more, not " + numVfs);
        }
        Path file = device(pf).resolve("sriov_numvfs");
        try {
            write(file, Integer.toString(numVfs));
        } catch (IOException e) {
            throw sysfsFailures.numVfs(pf, numVfs, file, e);
        }
    }

    @Override
    public void unbind(PciAddress device, String driver) {
        Path file = driverDirectory(driver).resolve("unbind");
        try {
            write(file, device.toString());
        } catch (IOException e) {
            throw sysfsFailures.unbind(device, driver, file, e);
        }
    }

    @Override
    public void bind(PciAddress device, String driver) {
        Path file = driverDirectory(driver).resolve("bind");
        try {
            write(file, device.toString());
        } catch (IOException e) {
            throw sysfsFailures.bind(device, driver, file, e);
        }
    }

    private Path device(PciAddress address) {
        return sysfsRoot.resolve("bus/pci/devices").resolve(address.toString());
    }

    private Path driverDirectory(String driver) {
        return sysfsRoot.resolve("bus/pci/drivers").resolve(HostNames.requireDriver(driver));
    }

    /** As {@code echo value > file}: one write of the value and a newline, to a file that must exist. */
    private static void write(Path file, String value) throws IOException {
        Files.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    // ---- devlink, ethtool, ip ------------------------------------------------------------------------------

    @Override
    public void setEswitchMode(PciAddress pf, EswitchMode mode) {
        if (mode != EswitchMode.LEGACY && mode != EswitchMode.SWITCHDEV) {
            throw new IllegalArgumentException("an eSwitch can be set to legacy or switchdev, not " + mode);
        }
        CommandResult result = commands.run("devlink", "dev", "eswitch", "set", DevlinkEswitchShow.handle(pf),
                "mode", mode.label());
        if (!result.succeeded()) {
            throw failed(result, eswitchFix(result.complaint(), pf));
        }
    }

    private static String eswitchFix(String complaint, PciAddress pf) {
        if (complaint.contains("Operation not supported")) {
            return "the driver of " + pf + " cannot change this eSwitch's mode (no switchdev support, a VF, or a"
                    + " DPU host side whose eSwitch the DPU owns)";
        }
        if (complaint.contains("Device or resource busy")) {
            return "VFs are in the way: unbind them from their driver first (mlx5), or set the mode while the PF"
                    + " has no VFs (ice: write 0 to sriov_numvfs first)";
        }
        if (complaint.contains("Failed to connect to devlink Netlink")) {
            return "this kernel has no devlink (CONFIG_NET_DEVLINK)";
        }
        return "see dmesg for the driver's reason";
    }

    @Override
    public EswitchMode eswitchMode(PciAddress pf) {
        try {
            return DevlinkEswitchShow.mode(commands.run(DevlinkEswitchShow.argv(pf)), pf);
        } catch (CommandException noDevlink) {
            return EswitchMode.UNKNOWN;
        }
    }

    @Override
    public void setFeature(String netdev, String feature, boolean on) {
        CommandResult result = commands.run("ethtool", "-K", HostNames.requireInterface(netdev),
                HostNames.requireFeature(feature), on ? "on" : "off");
        if (!result.succeeded()) {
            boolean fixed = features(netdev).flatMap(f -> f.feature(feature)).map(EthtoolFeatures.Feature::fixed)
                    .orElse(false);
            throw failed(result, (fixed ? feature + " is [fixed] on " + netdev + ": its driver does not let it change"
                    : "check 'ethtool -k " + netdev + "' for the feature's name and state")
                    + (feature.equals(HW_TC_OFFLOAD) ? "; TC offload needs a NIC driver that has it, on a PF or"
                    + " representor whose eSwitch is in switchdev mode" : ""));
        }
    }

    @Override
    public Optional<Boolean> feature(String netdev, String feature) {
        HostNames.requireFeature(feature);
        return features(HostNames.requireInterface(netdev)).flatMap(f -> f.feature(feature))
                .map(EthtoolFeatures.Feature::on);
    }

    /** {@code ethtool -k <netdev>}; empty when ethtool is missing or does not know the netdev. */
    private Optional<EthtoolFeatures> features(String netdev) {
        try {
            CommandResult result = commands.run("ethtool", "-k", netdev);
            return result.succeeded() ? Optional.of(EthtoolFeatures.parse(result.stdout())) : Optional.empty();
        } catch (CommandException noEthtool) {
            return Optional.empty();
        }
    }

    @Override
    public void setLinkUp(String netdev) {
        CommandResult result = commands.run("ip", "link", "set", HostNames.requireInterface(netdev), "up");
        if (!result.succeeded()) {
            throw failed(result, result.complaint().contains("Cannot find device")
                    ? "there is no interface " + netdev + " in this network namespace; check the name with 'ip link'"
                    : "see dmesg for the driver's reason");
        }
    }

    private static HostException failed(CommandResult result, String fix) {
        return new HostException("'" + result.commandLine() + "' failed (exit " + result.exitCode() + "): "
                + result.complaint() + ". Fix: " + fix);
    }
}
