package io.hwoffload.host.nicsim;

import io.hwoffload.host.HostException;
import io.hwoffload.host.nicsim.NicsimState.RealNetdevs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Makes a tree's real namespaces and veth pairs match the pairs its representors imply. Every namespace
 * and pair is recorded in the state, and the state saved, before it is made: teardown then finds all of
 * it, even after a failure halfway. Both ends of a pair are born inside their namespaces, so the host's
 * own namespace never sees them.
 */
final class VethPlumbing {
    private static final Path NETNS_DIR = Path.of("/run/netns");

    private final IpCommand ip;
    private final RealNetdevs record;
    private final Runnable save;
    private final Consumer<String> checkpoint;

    /**
     * @param save       persists the state that holds {@code record}
     * @param checkpoint called after each namespace and pair is made, so that tests can fail a step
     */
    VethPlumbing(IpCommand ip, RealNetdevs record, Runnable save, Consumer<String> checkpoint) {
        this.ip = ip;
        this.record = record;
        this.save = save;
        this.checkpoint = checkpoint;
    }

    /** Namespaces and veth pairs need root; say so before anything is made. */
    static void requireRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                throw new HostException("real netdevs (--netdevs) need root: they are network namespaces and veth pairs");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new HostException("real netdevs (--netdevs) need Linux and root; cannot tell who this is: " + e.getMessage());
        }
    }

    /**
     * Adds the pairs the tree implies and removes the rest; a new pair's ends come up when the tree shows
     * them up.
     */
    void reconcile(List<VethPair> desired, Predicate<String> upInTree) {
        ensureNamespace(record.nodeNamespace());
        for (VethPair pair : List.copyOf(record.pairs())) {
            if (!desired.contains(pair)) {
                removePair(pair);
            }
        }
        for (VethPair pair : desired) {
            if (!record.pairs().contains(pair)) {
                addPair(pair);
                if (upInTree.test(pair.representor())) {
                    ip.run("-n", record.nodeNamespace(), "link", "set", pair.representor(), "up");
                }
                if (upInTree.test(pair.peer())) {
                    ip.run("-n", pair.peerNamespace(), "link", "set", pair.peer(), "up");
                }
            }
        }
        for (String namespace : List.copyOf(record.namespaces())) {
            boolean used = namespace.equals(record.nodeNamespace())
                    || record.pairs().stream().anyMatch(p -> p.peerNamespace().equals(namespace));
            if (!used) {
                deleteNamespace(namespace);
            }
        }
    }

    /** {@code ip link set <netdev> up} on whichever end of a pair the netdev is; nothing if it is no pair's. */
    void setUp(String netdev) {
        for (VethPair pair : record.pairs()) {
            if (pair.representor().equals(netdev)) {
                ip.run("-n", record.nodeNamespace(), "link", "set", netdev, "up");
            } else if (pair.peer().equals(netdev)) {
                ip.run("-n", pair.peerNamespace(), "link", "set", netdev, "up");
            }
        }
    }

    /** Deletes every recorded namespace (and so every veth in them); goes on past failures and reports them all. */
    void teardown() {
        HostException failure = null;
        List<String> namespaces = new ArrayList<>(record.namespaces());
        Collections.reverse(namespaces);
        for (String namespace : namespaces) {
            try {
                deleteNamespace(namespace);
            } catch (HostException e) {
                if (failure == null) {
                    failure = new HostException("removing the namespaces of " + record.nodeNamespace() + " failed");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        record.pairs().clear();
        save.run();
    }

    private void addPair(VethPair pair) {
        ensureNamespace(pair.peerNamespace());
        record.pairs().add(pair);
        save.run();
        ip.run("link", "add", pair.representor(), "address", pair.representorMac(), "netns", record.nodeNamespace(),
                "type", "veth", "peer", "name", pair.peer(), "address", pair.peerMac(), "netns", pair.peerNamespace());
        checkpoint.accept("pair " + pair.representor());
    }

    private void removePair(VethPair pair) {
        // Deleting one end deletes the pair; an end that is gone already (its namespace went) is fine.
        if (namespaceExists(record.nodeNamespace())
                && ip.succeeds("-n", record.nodeNamespace(), "link", "show", "dev", pair.representor())) {
            ip.run("-n", record.nodeNamespace(), "link", "del", pair.representor());
        }
        record.pairs().remove(pair);
        save.run();
    }

    private void ensureNamespace(String namespace) {
        if (!record.namespaces().contains(namespace)) {
            record.namespaces().add(namespace);
            save.run();
        }
        if (!namespaceExists(namespace)) {
            ip.run("netns", "add", namespace);
            ip.run("-n", namespace, "link", "set", "lo", "up");
            checkpoint.accept("namespace " + namespace);
        }
    }

    private void deleteNamespace(String namespace) {
        if (namespaceExists(namespace)) {
            ip.run("netns", "del", namespace);
        }
        record.namespaces().remove(namespace);
        record.pairs().removeIf(p -> p.peerNamespace().equals(namespace) || namespace.equals(record.nodeNamespace()));
        save.run();
    }

    private static boolean namespaceExists(String namespace) {
        return Files.exists(NETNS_DIR.resolve(namespace));
    }
}
