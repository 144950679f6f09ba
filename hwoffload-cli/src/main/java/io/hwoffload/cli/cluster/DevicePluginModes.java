package io.hwoffload.cli.cluster;

import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** {@code --device-plugin builtin|external} of install and operator: the mode's label, its candidates for completion. */
final class DevicePluginModes implements CommandLine.ITypeConverter<DevicePluginMode>, Iterable<String> {

    @Override
    public DevicePluginMode convert(String value) {
        for (DevicePluginMode mode : DevicePluginMode.values()) {
            if (mode.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a device plugin mode: give builtin (the"
                + " agents serve the VFs) or external (sriov-network-device-plugin does)");
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(DevicePluginMode.values()).map(DevicePluginMode::label).iterator();
    }
}
