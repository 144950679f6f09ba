package io.hwoffload.core.policy;

import io.hwoffload.core.pci.PciAddress;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NicRequestReaderTest {

    @Test
    void readsTheNicSelectorAndVfCount() {
        NicRequest request = NicRequestReader.read(bytes("""
                apiVersion: hwoffload.io/v1alpha1
                kind: OffloadPolicy
                metadata: {name: mellanox-antrea}
                spec:
                  nicSelector: {vendor: "15B3", deviceID: "1017", pfNames: [enp3s0f0], rootDevices: ["0000:03:00.0"]}
                  numVfs: 4
                  cni: {type: antrea}
                """), "p.yaml");
        assertThat(request).isEqualTo(new NicRequest("mellanox-antrea", "15b3", "1017", java.util.List.of("enp3s0f0"),
                java.util.List.of(PciAddress.parse("0000:03:00.0")), 4));
    }

    @Test
    void everyProblemIsReportedWithItsFieldPath() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> NicRequestReader.read(bytes("""
                spec:
                  nicSelector: {vendor: mellanox, pfNames: ["../etc"], rootDevices: ["03:00"]}
                  numVfs: -2
                """), "bad.yaml"));
        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage()).startsWith("bad.yaml: 5 problems")
                .contains("metadata.name: missing")
                .contains("spec.nicSelector.vendor: 'mellanox' is not a PCI id")
                .contains("spec.nicSelector.pfNames[0]: '../etc' is not an interface name")
                .contains("spec.nicSelector.rootDevices[0]: '03:00' is not a PCI address")
                .contains("spec.numVfs: '-2'");
    }

    @Test
    void notYamlIsOneClearProblem() {
        PolicyException e = catchThrowableOfType(PolicyException.class,
                () -> NicRequestReader.read(bytes("spec: [unclosed"), "x.yaml"));
        assertThat(e.getMessage()).startsWith("x.yaml: 1 problem").contains("not valid YAML");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
