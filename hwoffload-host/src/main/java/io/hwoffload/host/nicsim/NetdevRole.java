package io.hwoffload.host.nicsim;

/** What a netdev is to its driver, which decides the features it starts with. */
enum NetdevRole {
    /** The PF's own netdev (mlx5's uplink in switchdev mode too, nfp's vNIC). */
    PHYSICAL_FUNCTION,
    VIRTUAL_FUNCTION,
    /** A port representor: of a VF, of a PF, of a host on a DPU, or nfp's physical-port representor. */
    REPRESENTOR
}
