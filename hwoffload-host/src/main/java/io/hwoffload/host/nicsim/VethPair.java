package io.hwoffload.host.nicsim;

/**
 * A real veth pair standing in for a representor and the function it represents: the representor end lives
 * in the tree's node namespace, the peer (the VF's netdev, or on a DPU the host's PF or VF) in its own.
 * Both names and MACs equal the tree's.
 */
public record VethPair(String representor, String representorMac, String peer, String peerMac, String peerNamespace) {
}
