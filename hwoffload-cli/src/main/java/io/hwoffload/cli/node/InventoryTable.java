package io.hwoffload.cli.node;

import io.hwoffload.cli.TextTable;
import io.hwoffload.core.inventory.Finding;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.Representor;
import io.hwoffload.core.inventory.VirtualFunction;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/** A node's inventory as tables: PFs, then each PF's VFs and host representors, then findings. */
final class InventoryTable {

    private InventoryTable() {
    }

    static void print(PrintWriter out, NodeInventory inventory) {
        HostVersions v = inventory.versions();
        out.println("Node: sysfs " + inventory.sysfsRoot() + "; kernel " + orDash(v.kernel()) + ", iproute2 "
                + orDash(v.iproute2()) + ", ethtool " + orDash(v.ethtool()) + ", OVS " + orDash(v.ovs()));
        if (inventory.nics().isEmpty()) {
            out.println("No Ethernet PCI functions found.");
        } else {
            TextTable nics = new TextTable("PF", "PCI", "ID", "MODEL", "DRIVER", "VFS", "ESWITCH", "TC-OFFLOAD",
                    "UPLINK", "LINK");
            for (PhysicalFunction pf : inventory.nics()) {
                nics.row(orDash(pf.netdev()), pf.pciAddress(), pf.vendorId() + ":" + pf.deviceId(),
                        pf.model() != null ? pf.model() : orDash(pf.deviceName()), orDash(pf.driver()),
                        pf.sriov() == null ? "no SR-IOV" : pf.sriov().numVfs() + "/" + pf.sriov().totalVfs(),
                        pf.eswitchMode(), pf.hwTcOffload() == null ? "-" : pf.hwTcOffload() ? "on" : "off",
                        orDash(pf.uplink()), pf.link() == null ? "-" : orDash(pf.link().operstate()));
            }
            nics.print(out, "");
        }
        for (PhysicalFunction pf : inventory.nics()) {
            if (!pf.vfs().isEmpty()) {
                out.println();
                out.println("VFs of " + orDash(pf.netdev()) + " (" + pf.pciAddress() + "):");
                TextTable vfs = new TextTable("VF", "PCI", "NETDEV", "DRIVER", "REPRESENTOR");
                for (VirtualFunction vf : pf.vfs()) {
                    vfs.row(vf.index(), vf.pciAddress(), orDash(vf.netdev()), orDash(vf.driver()),
                            orDash(vf.representor()));
                }
                vfs.print(out, "  ");
            }
            String external = pf.representors().stream().filter(Representor::external)
                    .map(r -> r.netdev() + " (" + describe(r) + ")").collect(Collectors.joining(", "));
            if (!external.isEmpty()) {
                out.println();
                out.println("Host representors on " + orDash(pf.netdev()) + "'s eSwitch (DPU side): " + external);
            }
        }
        if (!inventory.findings().isEmpty()) {
            out.println();
            out.println("Findings:");
            for (Finding f : inventory.findings()) {
                out.println("  " + f.severity().label() + "  " + f.subject() + ": " + f.message());
            }
        }
    }

    private static String describe(Representor r) {
        return r.flavour() == Representor.Flavour.PF ? "host PF " + r.pfIndex()
                : "host PF " + r.pfIndex() + " VF " + r.vfIndex();
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
