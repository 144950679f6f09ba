package io.hwoffload.flows.offload;

import io.hwoffload.flows.version.Version;

import java.util.Optional;

/**
 * The software a dump came from, where known: OVS (its TC offload code decides what it hands to the kernel) and the
 * kernel. A rule whose limit a later version lifts follows them; unknown, the limit is assumed.
 */
public record SoftwareVersions(Optional<Version> ovs, Optional<Version> kernel) {
    public static final SoftwareVersions UNKNOWN = new SoftwareVersions(Optional.empty(), Optional.empty());

    public SoftwareVersions {
        ovs = ovs == null ? Optional.empty() : ovs;
        kernel = kernel == null ? Optional.empty() : kernel;
    }

    /** Whether every version {@code from} names is known here and at least that one. */
    boolean reach(OffloadedFrom from) {
        return from.ovs().map(v -> ovs.filter(known -> known.isAtLeast(v)).isPresent()).orElse(true)
                && from.kernel().map(v -> kernel.filter(known -> known.isAtLeast(v)).isPresent()).orElse(true);
    }
}
