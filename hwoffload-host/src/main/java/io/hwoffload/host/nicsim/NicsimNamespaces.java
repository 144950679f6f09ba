package io.hwoffload.host.nicsim;

/**
 * Names of the network namespaces a tree's real netdevs live in: the node namespace holds every
 * representor end; each VF end (or a DPU's host PF end) has a namespace of its own. The host's own
 * namespace is never used.
 */
record NicsimNamespaces(String nodeId) {

    /** {@code nicsim-<node id>}: the representor ends, where an OVS for the tree would run. */
    String node() {
        return "nicsim-" + nodeId;
    }

    /** {@code <node>-vf<N>} for the first PF's VF N, {@code <node>-pf<P>vf<N>} for a later PF's. */
    String virtualFunction(int pfOrdinal, int index) {
        return node() + (pfOrdinal == 0 ? "-vf" : "-pf" + pfOrdinal + "vf") + index;
    }

    /** {@code <node>-hostpf}: on a DPU's Arm side, the end of the host PF's representor pf0hpf. */
    String hostPhysicalFunction() {
        return node() + "-hostpf";
    }
}
