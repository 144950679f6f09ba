package io.hwoffload.flows.pods;

import java.util.Objects;

/** Whose traffic a datapath port carries: a pod's (its VF representor or veth), or the node's, by the port's role. */
public sealed interface PortOwner {

    /** A pod, as its CNI names it on the port's OVSDB rows. */
    record Pod(String namespace, String name) implements PortOwner {
        public Pod {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Not a pod's: an uplink or other system port, an internal port, a patch port, a tunnel. */
    record Node(PortRole role) implements PortOwner {
        public Node {
            Objects.requireNonNull(role, "role");
        }
    }

    /** What a port that is no pod's is, from its Interface type. */
    enum PortRole {
        /** type "" or "system": a netdev, such as the uplink or a representor no pod owns. */
        SYSTEM("system port"),
        INTERNAL("internal port"),
        PATCH("patch port"),
        /** vxlan, geneve, gre, erspan, stt, bareudp, gtpu, srv6. */
        TUNNEL("tunnel"),
        /** A port the dump names that the port list does not have. */
        UNKNOWN("unknown port");

        private final String label;

        PortRole(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
