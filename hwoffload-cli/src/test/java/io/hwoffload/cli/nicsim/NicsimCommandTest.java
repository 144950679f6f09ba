package io.hwoffload.cli.nicsim;

import io.hwoffload.cli.CommandRun;
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
        assertThat(run.out()).contains("built mellanox-connectx5").contains("0000:03:00.0  enp3s0f0  mlx5_core  8")
                .contains("nicsim destroy --root " + root);
        assertThat(root.resolve("bus/pci/devices/0000:03:00.0/sriov_totalvfs")).hasContent("8\n");
        assertThat(root.resolve("class/net/enp3s0f0")).isSymbolicLink();
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
        assertThat(root.resolve("class/net/enp3s0f0")).as("the existing tree is kept").isSymbolicLink();
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
