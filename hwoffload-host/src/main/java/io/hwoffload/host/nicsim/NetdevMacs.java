package io.hwoffload.host.nicsim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MAC addresses for netdevs whose seed shows none: locally administered, stable for a tree and a name
 * (so a netdev that comes back after unbind/bind has its old address), and distinct between trees.
 */
final class NetdevMacs {
    private NetdevMacs() {
    }

    static String derive(String nodeId, String netdev) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((nodeId + "/" + netdev).getBytes(StandardCharsets.UTF_8));
            hash[0] = 0x02;   // locally administered, unicast
            return HexFormat.ofDelimiter(":").formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
