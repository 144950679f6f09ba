package io.hwoffload.host.nicsim;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a nicsim tree holds, for a command to print: its PFs, its netdevs, and its real namespaces if any. */
public record NicsimSummary(String model, String product, Path root, List<PhysicalFunction> physicalFunctions,
                            List<String> netdevs, Optional<String> nodeNamespace, List<VethPair> vethPairs) {

    public NicsimSummary {
        physicalFunctions = List.copyOf(physicalFunctions);
        netdevs = List.copyOf(netdevs);
        vethPairs = List.copyOf(vethPairs);
    }

    /**
     * A PF as the tree shows it; {@code totalVfs} is 0 without SR-IOV, {@code driver} empty when unbound,
     * {@code firmware} the application it runs where the NIC has a choice (empty elsewhere).
     */
    public record PhysicalFunction(PciAddress address, String netdev, String driver, int totalVfs, int numVfs,
                                   EswitchMode eswitchMode, Optional<String> firmware) {
    }
}
