package io.hwoffload.core.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NicCatalogTest {
    private static final NicCatalog BUNDLED = NicCatalog.bundled();

    /** A valid user file with one model; the error tests break one thing in it. */
    private static final String USER_MODEL = String.join("\n",
            "models:",
            "  - name: acme-smartnic",
            "    vendorName: Acme",
            "    productName: SmartNIC",
            "    role: nic",
            "    pf: {vendor: \"1234\", devices: [\"0001\"], driver: acme}",
            "    vf: {vendor: \"1234\", devices: [\"0002\"], driver: acmevf}",
            "    maxVfs: 4",
            "    driverFamily: generic",
            "    switchdev: devlink",
            "");

    @Test
    void bundledCatalogHasTheSeedModelsAndTheCommonOffloadNics() {
        assertThat(BUNDLED.models()).extracting(NicModel::name).containsExactlyInAnyOrder(
                "yusur-conflux-2200e", "corigine-agilio-cx", "yunsilicon-metascale", "mellanox-connectx5",
                "nvidia-bluefield2-host", "nvidia-bluefield2-dpu",
                "mellanox-connectx6-dx", "mellanox-connectx6-lx", "mellanox-connectx7",
                "nvidia-bluefield3-host", "nvidia-bluefield3-dpu", "intel-e810");
    }

    @Test
    void everyModelIsComplete() {
        assertThat(BUNDLED.models()).allSatisfy(model -> {
            assertThat(model.vendorName()).as(model.name()).isNotBlank();
            assertThat(model.productName()).as(model.name()).isNotBlank();
            assertThat(model.vf().vendor()).as(model.name()).isEqualTo(model.pf().vendor());
            assertThat(model.maxVfs()).as(model.name()).isNotNegative();
        });
    }

    @Test
    void seedModelsNameTheirSeed() {
        assertThat(BUNDLED.models()).filteredOn(m -> m.seed() != null).extracting(NicModel::seed)
                .allMatch(seed -> seed.matches("\\d{3}_[0-9a-f]{16}\\.txt"));
    }

    @ParameterizedTest
    @CsvSource({
            "15b3, 1017, NIC, mellanox-connectx5",
            "15b3, 101d, NIC, mellanox-connectx6-dx",
            "15b3, 101f, NIC, mellanox-connectx6-lx",
            "15b3, 1021, NIC, mellanox-connectx7",
            "15b3, a2dc, DPU_HOST, nvidia-bluefield3-host",
            "15b3, a2dc, DPU, nvidia-bluefield3-dpu",
            "15b3, a2d6, DPU, nvidia-bluefield2-dpu",
            "8086, 1591, NIC, intel-e810",
            "8086, 159b, NIC, intel-e810",
            "19ee, 4000, NIC, corigine-agilio-cx",
            "1f67, 1111, NIC, yunsilicon-metascale",
    })
    void physicalFunctionIdsFindTheirModel(String vendor, String device, NicRole role, String model) {
        assertThat(BUNDLED.forPhysicalFunction(vendor, device, role)).map(NicModel::name).hasValue(model);
    }

    @Test
    void driversAreTheNamesSysfsShows() {
        assertThat(model("yunsilicon-metascale").pf().driver()).isEqualTo("xsc-pci");
        assertThat(model("yunsilicon-metascale").vf().driver()).isEqualTo("xsc-pci");
        assertThat(model("intel-e810").pf().driver()).isEqualTo("ice");
        assertThat(model("intel-e810").vf().driver()).isEqualTo("iavf");
        assertThat(model("intel-e810").vf().devices()).containsExactly("1889");
        assertThat(model("intel-e810").driverFamily()).isEqualTo(DriverFamily.ICE);
        assertThat(model("corigine-agilio-cx").vf().driver()).isEqualTo("nfp_netvf");
    }

    @Test
    void aUserModelWithABundledNameReplacesIt() {
        String yaml = USER_MODEL.replace("acme-smartnic", "mellanox-connectx5").replace("maxVfs: 4", "maxVfs: 16");

        NicCatalog catalog = BUNDLED.withOverrides(bytes(yaml), "site.yaml");

        assertThat(catalog.model("mellanox-connectx5")).map(NicModel::maxVfs).hasValue(16);
        assertThat(catalog.models()).hasSameSizeAs(BUNDLED.models());
        assertThat(BUNDLED.model("mellanox-connectx5")).map(NicModel::maxVfs).hasValue(8);
    }

    @Test
    void aUserModelWithANewNameIsAdded() {
        NicCatalog catalog = BUNDLED.withOverrides(bytes(USER_MODEL), "site.yaml");

        assertThat(catalog.models()).hasSize(BUNDLED.models().size() + 1);
        assertThat(catalog.forPhysicalFunction("1234", "0001", NicRole.NIC)).map(NicModel::name)
                .hasValue("acme-smartnic");
    }

    @Test
    void unknownFieldIsNamedWithItsPathAndTheKnownFields() {
        assertRejected(USER_MODEL.replace("maxVfs: 4", "maxVfs: 4\n    maxVf: 4"),
                "site.yaml: models[0].maxVf: unknown field 'maxVf'; remove it or correct its spelling",
                "maxVfs");
    }

    @Test
    void badPciIdIsNamedWithItsPath() {
        assertRejected(USER_MODEL.replace("vendor: \"1234\", devices: [\"0001\"]", "vendor: \"12345\", devices: [\"0001\"]"),
                "site.yaml: models[0].pf.vendor: '12345' is not a PCI id: expected four hex digits such as 15b3");
        assertRejected(USER_MODEL.replace("devices: [\"0002\"]", "devices: [\"0002\", \"xyz\"]"),
                "site.yaml: models[0].vf.devices[1]: 'xyz' is not a PCI id");
        assertRejected(USER_MODEL.replace("devices: [\"0001\"]", "devices: []"),
                "site.yaml: models[0].pf.devices: is empty; list at least one device id");
    }

    @Test
    void duplicateNamesNameBothEntries() {
        String twice = USER_MODEL + USER_MODEL.substring("models:\n".length());
        assertRejected(twice, "site.yaml: models[1].name: 'acme-smartnic' is already the name of models[0];"
                + " give each model its own name");
    }

    @Test
    void badEnumValuesListTheChoices() {
        assertRejected(USER_MODEL.replace("driverFamily: generic", "driverFamily: mlx6"),
                "site.yaml: models[0].driverFamily: 'mlx6' is not a driver family: expected mlx5, ice, nfp,"
                        + " vendor-sdk or generic");
        assertRejected(USER_MODEL.replace("role: nic", "role: host"),
                "site.yaml: models[0].role: 'host' is not a NIC role: expected nic, dpu-host or dpu");
        assertRejected(USER_MODEL.replace("switchdev: devlink", "switchdev: magic"),
                "site.yaml: models[0].switchdev: 'magic' is not a switchdev control");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertRejected(USER_MODEL.replace("    pf: {vendor: \"1234\", devices: [\"0001\"], driver: acme}\n", ""),
                "site.yaml: models[0].pf: missing; expected the PF's {vendor, devices, driver}");
        assertRejected(USER_MODEL.replace("    switchdev: devlink\n", ""),
                "site.yaml: models[0].switchdev: missing; expected devlink, firmware or vendor");
        assertRejected(USER_MODEL.replace("name: acme-smartnic", "name: Acme SmartNIC"),
                "site.yaml: models[0].name: 'Acme SmartNIC' must be lower-case words joined by '-'");
    }

    @Test
    void wrongShapesAreNamed() {
        assertRejected(USER_MODEL.replace("maxVfs: 4", "maxVfs: many"), "site.yaml: models[0].maxVfs: ");
        assertRejected("", "site.yaml: the file is empty; expected a top-level 'models:' list");
        assertRejected("nics: []\n", "site.yaml: nics: unknown field 'nics'");
        assertRejected("models: \"unterminated\n", "site.yaml: not valid YAML");
        assertRejected("models: [1]\n", "site.yaml: models[0]: ");
    }

    private static void assertRejected(String yaml, String... fragments) {
        assertThatThrownBy(() -> BUNDLED.withOverrides(bytes(yaml), "site.yaml"))
                .isInstanceOf(NicCatalog.CatalogException.class)
                .message().contains(fragments);
    }

    private static NicModel model(String name) {
        return BUNDLED.model(name).orElseThrow();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
