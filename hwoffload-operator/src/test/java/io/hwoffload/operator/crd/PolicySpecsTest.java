package io.hwoffload.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.core.policy.PolicyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spec stored in the cluster becomes the same core policy as the file it came from. */
class PolicySpecsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @ParameterizedTest
    @ValueSource(strings = {"yusur-kube-ovn", "corigine-kube-ovn", "yunsilicon-kube-ovn", "mellanox-antrea",
            "bluefield2-ovn-kubernetes"})
    void everyExamplePolicyRoundTripsThroughTheCrdSpec(String example) throws IOException {
        Path file = Path.of("../examples/policies", example + ".yaml");
        List<OffloadPolicy> fromFile = PolicyReader.read(Files.readAllBytes(file), file.toString());
        int i = 0;
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readAllBytes(file)).readAll()) {
            PolicySpec spec = YAML.treeToValue(document.get("spec"), PolicySpec.class);
            OffloadPolicy stored = PolicySpecs.toPolicy(document.at("/metadata/name").asText(), spec);
            assertThat(stored).isEqualTo(fromFile.get(i++));
        }
    }

    @Test
    void aBadSpecNamesTheFieldAndTheFix() {
        PolicySpec spec = new PolicySpec(null, new PolicySpec.NicSelector("15b3", "1017", List.of("enp3s0f0"), null), 4,
                null, null, List.of(new PolicySpec.ResourcePoolSpec("mellanox.com", "cx5", "0-7", null)),
                new PolicySpec.CniSpec("antrea", null, null, null), null, null);
        assertThatThrownBy(() -> PolicySpecs.toPolicy("cx5", spec))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("spec.resourcePools[0].vfRange");
    }
}
