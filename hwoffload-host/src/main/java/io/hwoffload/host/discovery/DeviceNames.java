package io.hwoffload.host.discovery;

import java.util.Optional;

/** Human-readable vendor and device names for PCI ids (the pci.ids database when installed). */
public interface DeviceNames {

    Optional<String> vendorName(String vendorId);

    Optional<String> deviceName(String vendorId, String deviceId);

    /** No names known: output shows ids and catalog names only. */
    static DeviceNames none() {
        return new DeviceNames() {
            @Override
            public Optional<String> vendorName(String vendorId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> deviceName(String vendorId, String deviceId) {
                return Optional.empty();
            }
        };
    }
}
