package io.hwoffload.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hwoffload.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** discover on nicsim trees of every seed model: the seed's ids, names and VF limits, before and after. */
class DiscoverCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_OVS = "--ovsdb=unix:/nonexistent/db.sock";

    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource({
            "yusur-conflux-2200e,    0000:00:0a.0, 1f47, 1001, p0,          256",
            "corigine-agilio-cx,     ,             19ee, 4000, ens47np0,    65",
            "yunsilicon-metascale,   0000:b3:00.0, 1f67, 1111, p3p1,        512",
            "mellanox-connectx5,     0000:03:00.0, 15b3, 1017, enp3s0f0np0, 8",
            "nvidia-bluefield2-host, 0000:02:00.0, 15b3, a2d6, enp2s0f0np0, 16"})
    void findsTheSeedsPfOnItsNicsimTree(String model, String pci, String vendor, String device, String netdev,
                                         int totalVfs) throws Exception {
        create(model);
        JsonNode pf = pfByNetdev(discoverJson(), netdev);

        assertThat(pf.path("model").asText()).isEqualTo(model);
        assertThat(pf.path("vendorId").asText()).isEqualTo(vendor);
        assertThat(pf.path("deviceId").asText()).isEqualTo(device);
        if (pci != null) {
            assertThat(pf.path("pciAddress").asText()).isEqualTo(pci);
        }
        assertThat(pf.path("sriov").path("totalVfs").asInt()).isEqualTo(totalVfs);
        assertThat(pf.path("sriov").path("numVfs").asInt()).isZero();
        assertThat(pf.path("vfs")).isEmpty();
        List<String> fields = new ArrayList<>();
        pf.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("DESIGN.md §6 fields first, nothing derived").startsWith("pciAddress", "vendorId", "deviceId",
                "model").contains("driver", "netdev", "sriov", "eswitchMode", "vfs").doesNotContain("sriovCapable");
    }

    @Test
    void dpuSideShowsUplinkAndHostRepresentors() throws Exception {
        create("nvidia-bluefield2-dpu");
        JsonNode p0 = pfByNetdev(discoverJson(), "p0");

        assertThat(p0.path("model").asText()).isEqualTo("nvidia-bluefield2-dpu");
        assertThat(p0.path("eswitchMode").asText()).isEqualTo("switchdev");
        assertThat(p0.path("uplink").asText()).isEqualTo("p0");
        List<String> representors = new ArrayList<>();
        p0.path("representors").forEach(r -> representors.add(r.path("netdev").asText() + "="
                + r.path("physPortName").asText() + (r.path("external").asBoolean() ? " external" : "")));
        assertThat(representors).containsExactly("pf0hpf=c1pf0 external", "pf0vf0=c1pf0vf0 external",
                "pf0vf1=c1pf0vf1 external", "pf0vf2=c1pf0vf2 external");
    }

    @Test
    void tableAndYamlShowTheSameNode() throws Exception {
        create("mellanox-connectx5");
        CommandRun table = CommandRun.of("discover", "--sysfs-root", root.toString(), NO_OVS);
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("enp3s0f0np0", "0000:03:00.0", "15b3:1017", "mellanox-connectx5", "0/8", "legacy");

        CommandRun yaml = CommandRun.of("discover", "--sysfs-root", root.toString(), NO_OVS, "-o", "yaml");
        JsonNode fromYaml = new ObjectMapper(new YAMLFactory()).readTree(yaml.out());
        assertThat(fromYaml.path("nics").get(0).path("netdev").asText()).isEqualTo("enp3s0f0np0");
    }

    @Test
    void aDirectoryThatIsNoSysfsRootIsAUsageError() {
        CommandRun run = CommandRun.of("discover", "--sysfs-root", root.toString(), NO_OVS);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--sysfs-root").contains("no bus/pci/devices").contains("nicsim create");
    }

    @Test
    void realSysfsOfThisMachineIsReadWithoutError() throws Exception {
        CommandRun run = CommandRun.of("discover", NO_OVS, "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode inventory = JSON.readTree(run.out());
        assertThat(inventory.path("sysfsRoot").asText()).isEqualTo("/sys");
        assertThat(inventory.path("versions").path("kernel").asText()).isNotBlank();
        assertThat(inventory.path("nics").isArray()).isTrue();
    }

    private void create(String model) {
        CommandRun run = CommandRun.of("nicsim", "create", "--model", model, "--root", root.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private JsonNode discoverJson() throws Exception {
        CommandRun run = CommandRun.of("discover", "--sysfs-root", root.toString(), NO_OVS, "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static JsonNode pfByNetdev(JsonNode inventory, String netdev) {
        for (JsonNode nic : inventory.path("nics")) {
            if (netdev.equals(nic.path("netdev").asText())) {
                return nic;
            }
        }
        throw new AssertionError("no PF " + netdev + " in " + inventory);
    }
}
