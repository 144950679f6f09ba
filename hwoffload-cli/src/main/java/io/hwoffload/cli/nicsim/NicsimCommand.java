package io.hwoffload.cli.nicsim;

import picocli.CommandLine.Command;

@Command(name = "nicsim",
        mixinStandardHelpOptions = true,
        description = {
                "An emulated SmartNIC host: a sysfs-shaped tree for a catalog NIC model that reacts like the kernel,"
                        + " so that discover, doctor, plan and apply run without the hardware (point them at the tree"
                        + " with --sysfs-root).",
                "",
                "The tree has the seed's PCI addresses and interface names. Writing sriov_numvfs creates VFs,"
                        + " virtfnN/physfn links and VF netdevs; bind/unbind move driver links; switchdev creates"
                        + " representors with phys_port_name and phys_switch_id. With --netdevs (root) every"
                        + " representor and its VF become a real veth pair in namespaces of the tree's own."},
        subcommands = {NicsimCreateCommand.class, NicsimFirmwareCommand.class, NicsimDestroyCommand.class})
public final class NicsimCommand {
}
