package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.catalog.SwitchdevControl;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any sequence of mutations, refused or not, leaves a tree the kernel could have: sriov_numvfs equals the
 * virtfn links and the VFs pointing back, a VF has its netdev exactly while bound, representors exist
 * exactly in switchdev mode, and every link in the tree has its counterpart.
 */
class NicsimTreePropertiesTest {
    private static final NicsimTreeBuilder BUILDER = NicsimTreeBuilder.bundled();

    /** One call of the mutation interface; indexes pick among what the tree has at that moment. */
    interface Mutation {
        void apply(SimulatedHost host, TreeFiles tree);
    }

    record WriteNumVfs(int pf, int count) implements Mutation {
        @Override
        public void apply(SimulatedHost host, TreeFiles tree) {
            host.writeNumVfs(pick(physicalFunctions(tree), pf), count);
        }
    }

    record Unbind(int device, int driver) implements Mutation {
        @Override
        public void apply(SimulatedHost host, TreeFiles tree) {
            host.unbind(pick(functions(tree), device), pick(tree.list("bus/pci/drivers"), driver));
        }
    }

    record Bind(int device, int driver) implements Mutation {
        @Override
        public void apply(SimulatedHost host, TreeFiles tree) {
            host.bind(pick(functions(tree), device), pick(tree.list("bus/pci/drivers"), driver));
        }
    }

    record SetEswitchMode(int pf, boolean switchdev) implements Mutation {
        @Override
        public void apply(SimulatedHost host, TreeFiles tree) {
            host.setEswitchMode(pick(physicalFunctions(tree), pf), switchdev ? EswitchMode.SWITCHDEV : EswitchMode.LEGACY);
        }
    }

    record SetLinkUp(int netdev) implements Mutation {
        @Override
        public void apply(SimulatedHost host, TreeFiles tree) {
            List<String> netdevs = tree.list("class/net");
            host.setLinkUp(netdevs.isEmpty() ? "eth9" : pick(netdevs, netdev));
        }
    }

    @Provide
    Arbitrary<String> models() {
        return Arbitraries.of("mellanox-connectx5", "corigine-agilio-cx", "yunsilicon-metascale", "nvidia-bluefield2-host",
                "nvidia-bluefield2-dpu", "yusur-conflux-2200e");
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 20);
        return Arbitraries.oneOf(
                Combinators.combine(index, Arbitraries.integers().between(0, 10)).as(WriteNumVfs::new),
                Combinators.combine(index, index).as(Unbind::new),
                Combinators.combine(index, index).as(Bind::new),
                Combinators.combine(index, Arbitraries.of(true, false)).as(SetEswitchMode::new),
                index.map(SetLinkUp::new));
    }

    @Property(tries = 40)
    void anySequenceOfMutationsKeepsTheTreeConsistent(@ForAll("models") String model,
                                                       @ForAll @Size(max = 15) List<@From("mutations") Mutation> mutations)
            throws Exception {
        Path root = Files.createTempDirectory("nicsim-property-").resolve("node");
        try {
            SimulatedHost host = BUILDER.create(root, model, NicsimBoot.DEFAULTS, false);
            TreeFiles tree = new TreeFiles(root);
            for (Mutation mutation : mutations) {
                try {
                    mutation.apply(host, tree);
                } catch (HostException refused) {
                    // the kernel refuses some of these; the tree must stay consistent all the same
                }
                assertConsistent(host, tree, vendorDriven(model));
            }
        } finally {
            if (NicsimTrees.isNicsimTree(root)) {
                NicsimTrees.destroy(root);
            }
            Files.deleteIfExists(root.getParent());
        }
    }

    /** A vendor stack drives the eSwitch: its representors are there from boot, whatever devlink says. */
    private static boolean vendorDriven(String model) {
        return NicCatalog.bundled().model(model).orElseThrow().switchdev() == SwitchdevControl.VENDOR;
    }

    private static void assertConsistent(SimulatedHost host, TreeFiles tree, boolean vendorDriven) {
        for (PciAddress pf : physicalFunctions(tree)) {
            String dir = "bus/pci/devices/" + pf;
            boolean bound = tree.exists(dir + "/driver");
            List<String> pfNetdevs = tree.list(dir + "/net");
            if (tree.exists(dir + "/sriov_numvfs")) {
                int numVfs = Integer.parseInt(tree.read(dir + "/sriov_numvfs"));
                List<String> pointingBack = functions(tree).stream().map(PciAddress::toString)
                        .filter(f -> tree.exists("bus/pci/devices/" + f + "/physfn")
                                && tree.linkName("bus/pci/devices/" + f + "/physfn").equals(pf.toString())).toList();
                assertThat(tree.virtfns(pf.toString())).as("virtfn links of " + pf).hasSize(numVfs);
                assertThat(pointingBack).as("VFs whose physfn is " + pf).hasSize(numVfs);
                for (String vf : pointingBack) {
                    boolean vfBound = tree.exists("bus/pci/devices/" + vf + "/driver");
                    assertThat(tree.list("bus/pci/devices/" + vf + "/net")).as("netdevs of " + vf).hasSize(vfBound ? 1 : 0);
                }
                boolean switchdev = bound && (vendorDriven || host.eswitchMode(pf) == EswitchMode.SWITCHDEV);
                // Representors of this PF's VFs wherever they are (nfp's are virtual netdevs): its uplink's switch id
                // (which mlx5's two ports share) and its port number in phys_port_name (p1 has pf1vfN).
                List<String> uplinks = pfNetdevs.stream().filter(n -> tree.netdevHas(n, "phys_switch_id")
                        && tree.netdevHas(n, "phys_port_name") && tree.netdev(n, "phys_port_name").matches("p[0-9]+"))
                        .toList();
                long vfRepresentors = uplinks.isEmpty() ? 0 : tree.list("class/net").stream()
                        .filter(n -> tree.netdevHas(n, "phys_port_name") && tree.netdevHas(n, "phys_switch_id")
                                && tree.netdev(n, "phys_switch_id").equals(tree.netdev(uplinks.get(0), "phys_switch_id"))
                                && tree.netdev(n, "phys_port_name").matches("(c1)?pf"
                                + tree.netdev(uplinks.get(0), "phys_port_name").substring(1) + "vf[0-9]+")).count();
                assertThat(vfRepresentors).as("VF representors of " + pf).isEqualTo(switchdev ? numVfs : 0);
            }
            if (!bound) {
                assertThat(pfNetdevs).as("netdevs of unbound " + pf).isEmpty();
            } else if (vendorDriven || host.eswitchMode(pf) == EswitchMode.SWITCHDEV) {
                assertThat(pfNetdevs.stream().filter(n -> tree.netdevHas(n, "phys_port_name")
                        && tree.netdev(n, "phys_port_name").matches("p[0-9]+"))).as("uplink of " + pf).hasSize(1);
            } else {
                // A PF's own devlink port may carry the switch id in legacy mode (mlx5 since 5.13, nfp CoreNIC): no
                // other port may.
                assertThat(pfNetdevs.stream().filter(n -> tree.netdevHas(n, "phys_switch_id")
                        && !tree.netdev(n, "phys_port_name").matches("p[0-9]+")))
                        .as("representors of " + pf + " outside switchdev").isEmpty();
            }
        }
        assertLinksHaveCounterparts(tree);
    }

    private static void assertLinksHaveCounterparts(TreeFiles tree) {
        List<String> netdevsUnderDevices = Stream.concat(functions(tree).stream()
                .flatMap(f -> tree.list("bus/pci/devices/" + f + "/net").stream()), tree.list("devices/virtual/net").stream())
                .sorted().toList();
        assertThat(tree.list("class/net")).as("class/net and device net/ dirs").isEqualTo(netdevsUnderDevices);
        for (String driver : tree.list("bus/pci/drivers")) {
            List<String> bound = tree.list("bus/pci/drivers/" + driver).stream().filter(PciAddress::isValid).toList();
            List<String> pointing = functions(tree).stream().map(PciAddress::toString)
                    .filter(f -> tree.exists("bus/pci/devices/" + f + "/driver")
                            && tree.linkName("bus/pci/devices/" + f + "/driver").equals(driver)).toList();
            assertThat(bound).as("devices linked from driver " + driver).isEqualTo(pointing);
        }
        List<String> grouped = tree.list("kernel/iommu_groups").stream()
                .flatMap(g -> tree.list("kernel/iommu_groups/" + g + "/devices").stream()).sorted().toList();
        assertThat(grouped).as("devices in IOMMU groups")
                .isEqualTo(functions(tree).stream().map(PciAddress::toString).toList());
        for (Path link : tree.links()) {
            assertThat(Files.exists(link)).as(link + " resolves").isTrue();
        }
    }

    private static List<PciAddress> functions(TreeFiles tree) {
        return tree.list("bus/pci/devices").stream().map(PciAddress::parse).sorted().toList();
    }

    private static List<PciAddress> physicalFunctions(TreeFiles tree) {
        return functions(tree).stream().filter(f -> !tree.exists("bus/pci/devices/" + f + "/physfn"))
                .collect(Collectors.toList());
    }

    private static <T> T pick(List<T> choices, int index) {
        return choices.get(index % choices.size());
    }
}
