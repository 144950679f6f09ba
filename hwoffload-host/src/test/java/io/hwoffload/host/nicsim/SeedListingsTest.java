package io.hwoffload.host.nicsim;

import io.hwoffload.core.pci.PciAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each seed prints about its NIC (lspci, sysfs reads, ls -l), reproduced on the seed model's nicsim tree, on
 * the node as the seed has it at that point. The expected lines are the seeds' own, cut to what sysfs decides
 * (address and ids; lspci's names and revisions come from pci.ids and config space). The node is as the seed has it
 * when it lists it: Corigine after its firmware step, the ConnectX-5 on its kernel before 5.7. Where a seed is wrong,
 * docs/nicsim.md says what nicsim does instead, and the test asserts that.
 */
class SeedListingsTest {
    private static final NicsimTreeBuilder BUILDER = NicsimTreeBuilder.bundled();

    @TempDir
    Path temp;

    /** Seed 000: {@code lspci | grep 1f47} before and after {@code echo 7 > sriov_numvfs}; {@code sriov_totalvfs}. */
    @Test
    void yusur() {
        SimulatedHost host = create("yusur-conflux-2200e");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(lspci(tree, "1f47")).containsExactly("00:0a.0 1f47:1001", "00:0b.0 1f47:1001");
        assertThat(tree.read("bus/pci/devices/0000:00:0a.0/sriov_totalvfs")).isEqualTo("256");

        host.writeNumVfs(PciAddress.parse("0000:00:0a.0"), 7);

        assertThat(lspci(tree, "1f47")).containsExactly("00:0a.0 1f47:1001", "00:0a.1 1f47:110f", "00:0a.2 1f47:110f",
                "00:0a.3 1f47:110f", "00:0a.4 1f47:110f", "00:0a.5 1f47:110f", "00:0a.6 1f47:110f", "00:0a.7 1f47:110f",
                "00:0b.0 1f47:1001");
    }

    /**
     * Seed 001, after its firmware step: {@code cat /sys/class/net/ens3/device/sriov_totalvfs} gives 65 ({@code ens3}
     * is the seed's typo for ens47, the netdev it writes sriov_numvfs of next).
     */
    @Test
    void corigine() {
        SimulatedHost host = create("corigine-agilio-cx");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(tree.read("class/net/ens47/device/sriov_totalvfs")).isEqualTo("65");
        assertThat(tree.exists("class/net/ens3")).isFalse();
    }

    /**
     * Seed 002: {@code lspci -d 1f67:} before and after {@code echo '10' > sriov_numvfs}, {@code ls -l /sys/class/net/ |
     * grep b3:00.0}, {@code sriov_totalvfs}.
     */
    @Test
    void yunsilicon() {
        SimulatedHost host = create("yunsilicon-metascale");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(lspci(tree, "1f67")).containsExactly("b3:00.0 1f67:1111", "b3:00.1 1f67:1111");
        assertThat(tree.list("class/net").stream().filter(n -> tree.linkText("class/net/" + n).contains("b3:00.0")))
                .singleElement().satisfies(n -> assertThat(n + " -> " + tree.linkText("class/net/" + n))
                        .isEqualTo("p3p1 -> ../../devices/pci0000:b2/0000:b2:00.0/0000:b3:00.0/net/p3p1"));
        assertThat(tree.read("class/net/p3p1/device/sriov_totalvfs")).isEqualTo("512");

        host.writeNumVfs(PciAddress.parse("0000:b3:00.0"), 10);

        assertThat(lspci(tree, "1f67")).containsExactly("b3:00.0 1f67:1111", "b3:00.1 1f67:1111", "b3:00.2 1f67:1112",
                "b3:00.3 1f67:1112", "b3:00.4 1f67:1112", "b3:00.5 1f67:1112", "b3:00.6 1f67:1112", "b3:00.7 1f67:1112",
                "b3:01.0 1f67:1112", "b3:01.1 1f67:1112", "b3:01.2 1f67:1112", "b3:01.3 1f67:1112");
    }

    /**
     * Seed 003 (its kernel, before 5.7): {@code cat /sys/class/net/enp3s0f0/device/sriov_totalvfs}, then {@code ip link
     * show enp3s0f0} after 4 VFs: the PF and 4 VFs. Its MAC a0:36:9f:8f:3f:b8 has Intel's OUI; nicsim keeps the low
     * half under Mellanox's b8:59:9f.
     */
    @Test
    void connectx5() {
        SimulatedHost host = create("mellanox-connectx5");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(tree.read("class/net/enp3s0f0/device/sriov_totalvfs")).isEqualTo("8");

        host.writeNumVfs(PciAddress.parse("0000:03:00.0"), 4);

        assertThat(tree.netdev("enp3s0f0", "address")).isEqualTo("b8:59:9f:8f:3f:b8");
        assertThat(tree.virtfns("0000:03:00.0")).hasSize(4);
    }

    /**
     * Seed 004, host side: {@code sriov_totalvfs} 16; {@code ip link show enp2s0f0np0} (its MAC, 3 VFs) and
     * {@code lspci -nnD} after 3 VFs; {@code lspci -nnvD}'s subsystem [15b3:0062] of 0000:02:00.4.
     */
    @Test
    void blueField2Host() {
        SimulatedHost host = create("nvidia-bluefield2-host");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(tree.read("class/net/enp2s0f0np0/device/sriov_totalvfs")).isEqualTo("16");

        host.writeNumVfs(PciAddress.parse("0000:02:00.0"), 3);

        assertThat(tree.netdev("enp2s0f0np0", "address")).isEqualTo("10:70:fd:09:81:aa");
        assertThat(lspci(tree, "15b3")).contains("02:00.3 15b3:101e", "02:00.4 15b3:101e", "02:00.5 15b3:101e");
        assertThat(tree.pci("0000:02:00.4", "subsystem_vendor") + ":" + tree.pci("0000:02:00.4", "subsystem_device"))
                .isEqualTo("0x15b3:0x0062");
    }

    /** The model's tree as its seed has the node when it lists it (layouts.yaml's seedBoot). */
    private SimulatedHost create(String model) {
        return BUILDER.create(temp.resolve("n"), model, BUILDER.seedBoot(model), false);
    }

    /** {@code lspci -d <vendor>:} cut to address and ids, in address order as lspci lists them. */
    private static List<String> lspci(TreeFiles tree, String vendor) {
        return tree.list("bus/pci/devices").stream().sorted()
                .filter(address -> tree.pci(address, "vendor").equals("0x" + vendor))
                .map(address -> address.substring("0000:".length()) + " " + vendor + ":"
                        + tree.pci(address, "device").substring(2))
                .toList();
    }
}
