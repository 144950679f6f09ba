package io.hwoffload.cli.node;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.OutputFormat;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.doctor.OvsState;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.linux.HostVersionProbe;
import io.hwoffload.host.discovery.NodeDiscoverer;
import io.hwoffload.host.pciids.PciIdsDatabase;
import io.hwoffload.host.sysfs.SysfsTree;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "discover",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "List the node's Ethernet PFs with what offload needs: PCI ids and catalog model, driver, SR-IOV"
                        + " (VFs/total), eSwitch mode (devlink), hw-tc-offload (ethtool), uplink, and each VF with"
                        + " its netdev and representor (found as sriovnet does: phys_switch_id and phys_port_name"
                        + " pfNvfM, c1pfNvfM on a DPU, a bare number on old kernels).",
                "",
                "Reads only. Works on the real /sys and on nicsim trees alike; anything odd in the tree is"
                        + " reported as a finding, not an error.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload discover",
                "  hwoffload discover -o json | jq '.nics[] | {pciAddress, model, eswitchMode}'",
                "  hwoffload nicsim create --model mellanox-connectx5 --root /tmp/cx5 && hwoffload discover --sysfs-root /tmp/cx5"})
public final class DiscoverCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml; JSON fields: nics[] {pciAddress, vendorId, deviceId, model,"
                    + " driver, netdev, sriov{totalVfs,numVfs}, eswitchMode, vfs[{index,pciAddress,netdev,representor}]}.")
    OutputFormat format;

    @Override
    public Integer call() {
        NodeInventory inventory = discover(node, node.catalog(), node.ovs());
        format.write(spec.commandLine().getOut(), inventory, out -> InventoryTable.print(out, inventory));
        return 0;
    }

    /** Discovery with the host's versions, OVS's from OVSDB when reachable. */
    static NodeInventory discover(NodeOptions node, NicCatalog catalog, OvsState ovs) {
        Host host = node.host();
        HostVersions probed = HostVersionProbe.system().probe();
        HostVersions versions = new HostVersions(probed.kernel(), probed.iproute2(), probed.ethtool(),
                ovs.config() == null ? null : ovs.config().ovsVersion());
        try {
            return new NodeDiscoverer(catalog, PciIdsDatabase.installed())
                    .discover(new SysfsTree(host.sysfsRoot()), host, versions);
        } catch (HostException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }
}
