package io.hwoffload.host.demo;

/**
 * A pod of the demo: the VF it was given (its netdev, in the network namespace that stands for the pod's), that
 * VF's representor on the node, and the address the demo's stand-in IPAM gave it ({@code prefixLength} bits).
 */
public record DemoPod(String name, String namespace, int vfIndex, String vfNetdev, String vfMac, String netns,
                      String representor, String address, int prefixLength) {

    public String cidr() {
        return address + "/" + prefixLength;
    }
}
