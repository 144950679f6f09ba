package io.hwoffload.cli.nicsim;

import io.hwoffload.cli.CommandRun;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.nicsim.SimulatedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code hwoffload nicsim create|destroy}: the contract of DESIGN.md §6 and the issue. */
class NicsimCommandTest {

    @TempDir
    Path temp;

    @Test
    void createBuildsTheModelsTreeAndSaysWhatItBuilt() {
        Path root = temp.resolve("node1");

        CommandRun run = CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--root", root.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("built mellanox-connectx5").contains("0000:03:00.0  enp3s0f0np0  mlx5_core  8")
                .contains("nicsim destroy --root " + root);
        assertThat(root.resolve("bus/pci/devices/0000:03:00.0/sriov_totalvfs")).hasContent("8\n");
        assertThat(root.resolve("class/net/enp3s0f0np0")).isSymbolicLink();
    }

    @Test
    void unknownModelIsAUsageErrorListingTheChoices() {
        CommandRun run = CommandRun.of("nicsim", "create", "--model", "intel-e810", "--root", temp.resolve("n").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown model 'intel-e810'").contains("yusur-conflux-2200e")
                .contains("nvidia-bluefield2-dpu");
    }

    @Test
    void createRefusesANonEmptyDirectoryAndAnExistingTree() throws Exception {
        Files.writeString(temp.resolve("keep.txt"), "data");

        CommandRun refused = CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--root", temp.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("is not empty");
        assertThat(temp.resolve("keep.txt")).exists();

        Path root = temp.resolve("node");
        CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--root", root.toString());
        CommandRun again = CommandRun.of("nicsim", "create", "--model", "corigine-agilio-cx", "--root", root.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("holds a nicsim tree already (destroy it first)");
        assertThat(root.resolve("class/net/enp3s0f0np0")).as("the existing tree is kept").isSymbolicLink();
    }

    /** --kernel picks the names a kernel gives: before 5.7 the ConnectX-5 PF has no devlink port in legacy mode. */
    @Test
    void kernelDecidesTheConnectX5PfName() {
        CommandRun old = CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--kernel", "5.4",
                "--root", temp.resolve("old").toString());
        assertThat(old.exitCode()).as(old.err()).isZero();
        assertThat(old.out()).contains("0000:03:00.0  enp3s0f0  ");

        CommandRun bad = CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--kernel", "latest",
                "--root", temp.resolve("bad").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("kernel 'latest' is not a kernel version");
        assertThat(temp.resolve("bad")).doesNotExist();
    }

    /** Corigine boots the CoreNIC firmware it ships with; 'nicsim firmware' is the vendor's step: link, reload. */
    @Test
    void corigineShipsWithCoreNicAndNicsimFirmwareDoesTheVendorsStep() {
        Path root = temp.resolve("agilio");
        CommandRun created = CommandRun.of("nicsim", "create", "--model", "corigine-agilio-cx", "--root", root.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("0000:04:00.0  ens47np0  nfp     65        unsupported  nic");

        CommandRun wrong = CommandRun.of("nicsim", "firmware", "--root", root.toString(), "bpf");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("APP: corigine-agilio-cx has the firmware applications nic and flower, not 'bpf'");

        CommandRun step = CommandRun.of("nicsim", "firmware", "--root", root.toString(), "flower");
        assertThat(step.exitCode()).as(step.err()).isZero();
        assertThat(step.out()).contains("linked the flower firmware for 0000:04:00.0")
                .contains("reloaded nfp: 0000:04:00.0 runs flower, netdev ens47, eSwitch switchdev, 0 VFs");
        assertThat(root.resolve("class/net/eth0")).isSymbolicLink();

        CommandRun mellanox = CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--firmware", "flower",
                "--root", temp.resolve("cx5").toString());
        assertThat(mellanox.exitCode()).isEqualTo(2);
        assertThat(mellanox.err()).contains("mellanox-connectx5 has one firmware");
        CommandRun noChoice = CommandRun.of("nicsim", "firmware", "--root", root.toString(), "--pf", "0000:05:00.0", "flower");
        assertThat(noChoice.exitCode()).isEqualTo(2);
        assertThat(noChoice.err()).contains("--pf: 0000:05:00.0 is not a PF of this tree");
    }

    /** A DPU's Arm side represents the VFs its host made: read from the host's own tree. */
    @Test
    void pairedHostGivesTheDpuItsHostsVfCount() {
        Path host = temp.resolve("host");
        assertThat(CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-host", "--root", host.toString())
                .exitCode()).isZero();
        SimulatedHost.open(host).writeNumVfs(PciAddress.parse("0000:02:00.0"), 5);

        Path dpu = temp.resolve("dpu");
        CommandRun run = CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-dpu", "--root", dpu.toString(),
                "--paired-host", host.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dpu.resolve("class/net/pf0vf4")).isSymbolicLink();
        assertThat(dpu.resolve("class/net/pf0vf5")).doesNotExist();

        CommandRun both = CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-dpu", "--root",
                temp.resolve("d2").toString(), "--paired-host", host.toString(), "--host-vfs", "2");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give one");
        CommandRun notAHost = CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-dpu", "--root",
                temp.resolve("d3").toString(), "--paired-host", dpu.toString());
        assertThat(notAHost.exitCode()).isEqualTo(2);
        assertThat(notAHost.err()).contains("emulates nvidia-bluefield2-dpu; the host of a nvidia-bluefield2-dpu is a"
                + " nvidia-bluefield2-host");
    }

    @Test
    void hostVfsAreForTheDpuSideOnly() {
        Path root = temp.resolve("dpu");
        CommandRun dpu = CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-dpu", "--root", root.toString(),
                "--host-vfs", "4");
        assertThat(dpu.exitCode()).as(dpu.err()).isZero();
        assertThat(dpu.out()).contains("pf0hpf pf0vf0 pf0vf1 pf0vf2 pf0vf3");

        CommandRun nic = CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--root",
                temp.resolve("nic").toString(), "--host-vfs", "4");
        assertThat(nic.exitCode()).isEqualTo(2);
        assertThat(nic.err()).contains("DPU");
    }

    @Test
    void destroyRemovesATreeAndRefusesAnythingElse() throws Exception {
        Files.writeString(temp.resolve("keep.txt"), "data");
        CommandRun refused = CommandRun.of("nicsim", "destroy", "--root", temp.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("is not a nicsim tree").contains("refusing");
        assertThat(temp.resolve("keep.txt")).exists();

        Path root = temp.resolve("node");
        CommandRun.of("nicsim", "create", "--model", "yunsilicon-metascale", "--root", root.toString());
        CommandRun destroyed = CommandRun.of("nicsim", "destroy", "--root", root.toString());
        assertThat(destroyed.exitCode()).as(destroyed.err()).isZero();
        assertThat(root).doesNotExist();

        assertThat(CommandRun.of("nicsim", "destroy", "--root", root.toString()).out()).contains("nothing to destroy");
    }

    @Test
    void helpTeachesWithExamples() {
        CommandRun help = CommandRun.of("nicsim", "create", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Examples:").contains("--netdevs").contains("nvidia-bluefield2-dpu")
                .contains("hwoffload nicsim destroy --root");
        assertThat(CommandRun.of("nicsim", "--help").out()).contains("create").contains("destroy");
    }

    @Test
    void netdevsAreRealAndGoWithTheTree() throws Exception {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root");
        Path root = temp.resolve("dpu");

        CommandRun created = CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-dpu", "--root", root.toString(),
                "--netdevs", "--host-vfs", "1");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String namespace = created.out().replaceAll("(?s).*namespace (nicsim-[0-9a-f]+).*", "$1");
        assertThat(Path.of("/run/netns", namespace)).exists();
        assertThat(Path.of("/run/netns", namespace + "-vf0")).exists();

        CommandRun destroyed = CommandRun.of("nicsim", "destroy", "--root", root.toString());
        assertThat(destroyed.exitCode()).as(destroyed.err()).isZero();
        assertThat(Path.of("/run/netns", namespace)).doesNotExist();
        assertThat(Path.of("/run/netns", namespace + "-vf0")).doesNotExist();
        assertThat(Path.of("/run/netns", namespace + "-hostpf")).doesNotExist();
    }
}
