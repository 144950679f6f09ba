package io.hwoffload.host.linux;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.exec.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DevlinkEswitchShowTest {
    private static final PciAddress PF = PciAddress.parse("0000:03:00.0");

    @Test
    void asksDevlinkForJson() {
        assertThat(DevlinkEswitchShow.argv(PF)).containsExactly("devlink", "-j", "dev", "eswitch", "show", "pci/0000:03:00.0");
    }

    @Test
    void readsSwitchdev() {
        assertThat(DevlinkEswitchShow.mode(ok(Fixtures.read("devlink-eswitch-switchdev.json")), PF))
                .isEqualTo(EswitchMode.SWITCHDEV);
    }

    @Test
    void readsLegacyFromPrettyJsonOfAnOlderDevlink() {
        PciAddress pf = PciAddress.parse("0000:af:00.1");

        assertThat(DevlinkEswitchShow.mode(ok(Fixtures.read("devlink-eswitch-legacy-pretty.json")), pf))
                .isEqualTo(EswitchMode.LEGACY);
    }

    @Test
    void anAnswerAboutAnotherDeviceOrAnUnknownModeIsUnknown() {
        String json = Fixtures.read("devlink-eswitch-switchdev.json");

        assertThat(DevlinkEswitchShow.mode(ok(json), PciAddress.parse("0000:03:00.1"))).isEqualTo(EswitchMode.UNKNOWN);
        assertThat(DevlinkEswitchShow.mode(ok(json.replace("switchdev", "switchdev_inactive")), PF))
                .isEqualTo(EswitchMode.UNKNOWN);
        assertThat(DevlinkEswitchShow.mode(ok("not json"), PF)).isEqualTo(EswitchMode.UNKNOWN);
        assertThat(DevlinkEswitchShow.mode(ok(""), PF)).isEqualTo(EswitchMode.UNKNOWN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "devlink answers: Operation not supported | UNSUPPORTED",
            "kernel answers: Operation not supported  | UNSUPPORTED",
            "devlink answers: No such device          | UNSUPPORTED",
            "kernel answers: No such device           | UNSUPPORTED",
            "Failed to connect to devlink Netlink     | UNKNOWN",
            "kernel answers: Permission denied        | UNKNOWN",
    })
    void failuresSayWhetherThereIsAnEswitch(String stderr, EswitchMode expected) {
        CommandResult failed = new CommandResult(DevlinkEswitchShow.argv(PF), 1, "", stderr + "\n");

        assertThat(DevlinkEswitchShow.mode(failed, PF)).isEqualTo(expected);
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(DevlinkEswitchShow.argv(PF), 0, stdout, "");
    }
}
