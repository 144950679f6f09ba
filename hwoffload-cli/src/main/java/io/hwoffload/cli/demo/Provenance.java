package io.hwoffload.cli.demo;

import io.hwoffload.host.demo.DemoResult;

import java.util.List;

/** One part of the demo and whether it is the real thing or emulated: what the output says plainly. */
record Provenance(String kind, String part) {
    static final String REAL = "real";
    static final String EMULATED = "emulated";

    static List<Provenance> of(DemoResult result) {
        return List.of(
                new Provenance(REAL, "Open vSwitch " + result.ovsVersion() + ": ovsdb-server and ovs-vswitchd with a private"
                        + " run directory in network namespace " + result.nodeNamespace() + ", every OVSDB transaction"),
                new Provenance(REAL, "the apply engine of 'hwoffload apply' (plan, steps, checks), the network namespaces"
                        + " and veth pairs, the ICMP and TCP traffic, the live flow dump over unixctl and its analysis"),
                new Provenance(EMULATED, "the NIC: nicsim's sysfs tree of the " + result.product() + " (PCI functions,"
                        + " SR-IOV, eSwitch mode, representors); each VF and its representor is a veth pair"),
                new Provenance(EMULATED, "hardware offload: OVS runs its userspace datapath (no kernel module, no TC, no"
                        + " NIC), so every flow below shows as not offloaded; on the real NIC the same flows go to TC"
                        + " flower, and the reasons say which of them it would refuse"),
                new Provenance(EMULATED, "Kubernetes and the CNI: hwoffload plugs the representors into br-int with "
                        + result.cni() + "'s port keys and installs a stand-in OpenFlow pipeline; no API server, device"
                        + " plugin or CNI controller runs"));
    }
}
