package io.hwoffload.operator.deviceplugin;

/** Allocate cannot hand out a VF as asked: the message names the VF and what failed. */
final class DeviceAllocationException extends Exception {
    DeviceAllocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
