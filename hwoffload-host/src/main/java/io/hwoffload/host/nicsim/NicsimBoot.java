package io.hwoffload.host.nicsim;

import io.hwoffload.flows.version.Version;

/**
 * What the emulated node booted with, where a model leaves a choice: the firmware application its PFs load
 * (null: the one the card ships with), on a DPU's Arm side how many VFs the host made (null: the layout's default),
 * and the kernel version, which decides some names and attributes (null: {@link #DEFAULT_KERNEL}).
 */
public record NicsimBoot(String firmware, Integer hostVfs, String kernel) {
    /** Debian 13's kernel. */
    public static final String DEFAULT_KERNEL = "6.12";
    /** The card as shipped, the layout's host VFs, a current kernel. */
    public static final NicsimBoot DEFAULTS = new NicsimBoot(null, null, null);

    public NicsimBoot {
        if (kernel != null && Version.find(kernel).filter(v -> v.toString().equals(kernel)).isEmpty()) {
            throw new IllegalArgumentException("kernel '" + kernel + "' is not a kernel version such as 6.12 or 5.4");
        }
    }

    public static NicsimBoot hostVfs(int hostVfs) {
        return new NicsimBoot(null, hostVfs, null);
    }

    public static NicsimBoot firmware(String firmware) {
        return new NicsimBoot(firmware, null, null);
    }

    public static NicsimBoot kernel(String kernel) {
        return new NicsimBoot(null, null, kernel);
    }

    Version kernelVersion() {
        return Version.of(kernel != null ? kernel : DEFAULT_KERNEL);
    }
}
