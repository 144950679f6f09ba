package io.hwoffload.host.demo;

import java.util.List;

/**
 * A resource the SR-IOV device plugin would advertise for a policy's pool: its name, the VF indexes, the VF
 * netdevs the emulated NIC has for them, and whether the node advertising it is the emulated one (on a DPU the
 * pool is the x86 host's, whose VFs the DPU's representors carry).
 */
public record AdvertisedPool(String resourceName, String vfRange, String policy, boolean onThisNode,
                             List<String> vfNetdevs) {

    public AdvertisedPool {
        vfNetdevs = List.copyOf(vfNetdevs);
    }
}
