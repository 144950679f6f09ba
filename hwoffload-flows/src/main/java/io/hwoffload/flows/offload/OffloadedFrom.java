package io.hwoffload.flows.offload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hwoffload.flows.version.Version;

import java.util.Optional;

/**
 * The versions from which a rule's limit is gone (OVS offloads meters to TC police from 3.0): with all of them known
 * and reached, the rule does not apply. At least one is named.
 */
public record OffloadedFrom(Optional<Version> ovs, Optional<Version> kernel) {
    public OffloadedFrom {
        if (ovs.isEmpty() && kernel.isEmpty()) {
            throw new IllegalArgumentException("offloadedFrom names an ovs or a kernel version");
        }
    }

    @JsonCreator
    static OffloadedFrom of(@JsonProperty("ovs") String ovs, @JsonProperty("kernel") String kernel) {
        return new OffloadedFrom(Optional.ofNullable(ovs).map(Version::of), Optional.ofNullable(kernel).map(Version::of));
    }
}
