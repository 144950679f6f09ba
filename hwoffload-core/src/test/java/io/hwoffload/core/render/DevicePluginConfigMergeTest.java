package io.hwoffload.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static io.hwoffload.core.render.TestPolicies.connectX5;
import static io.hwoffload.core.render.TestPolicies.render;
import static org.assertj.core.api.Assertions.assertThat;

class DevicePluginConfigMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An Intel pool as upstream's deployments/configMap.yaml writes it: no resourcePrefix, so intel.com. */
    private static final String INTEL = """
            {"resourceList": [{"resourceName": "intel_sriov_netdevice",
              "selectors": [{"vendors": ["8086"], "devices": ["154c"], "drivers": ["iavf"]}]}]}""";

    @Test
    void foreignPoolsStayAsTheyAreAndOursAreAddedAfterThem() throws IOException {
        DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(INTEL, Set.of(), cx5("cx5_pool"));

        JsonNode list = JSON.readTree(merged.configJson()).get("resourceList");
        assertThat(list).hasSize(2);
        assertThat(list.get(0)).isEqualTo(JSON.readTree(INTEL).get("resourceList").get(0));
        assertThat(list.get(1).get("resourceName").asText()).isEqualTo("cx5_pool");
        assertThat(merged.owned()).containsExactly("mellanox.com/cx5_pool");
        assertThat(merged.conflicts()).isEmpty();
    }

    @Test
    void ourOldPoolsAreReplacedAndForeignOnesKept() {
        String before = DevicePluginConfigMerge.merge(INTEL, Set.of(), cx5("old_pool")).configJson();

        DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(before, Set.of("mellanox.com/old_pool"),
                cx5("new_pool"));

        assertThat(DevicePluginConfigMerge.names(merged.configJson()))
                .containsExactlyInAnyOrder("intel.com/intel_sriov_netdevice", "mellanox.com/new_pool");
        assertThat(merged.owned()).containsExactly("mellanox.com/new_pool");
    }

    @Test
    void withNoPolicyPoolsOnlyForeignOnesRemain() {
        String before = DevicePluginConfigMerge.merge(INTEL, Set.of(), cx5("cx5_pool")).configJson();

        DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(before, Set.of("mellanox.com/cx5_pool"), null);

        assertThat(DevicePluginConfigMerge.names(merged.configJson())).containsExactly("intel.com/intel_sriov_netdevice");
        assertThat(merged.owned()).isEmpty();
        assertThat(merged.isEmpty()).isFalse();
        assertThat(DevicePluginConfigMerge.merge(merged.configJson(), Set.of("intel.com/intel_sriov_netdevice"), null)
                .isEmpty()).isTrue();
    }

    @Test
    void aPoolWhoseNameAForeignEntryHasIsLeftOutNotWrittenTwice() {
        String foreign = """
                {"resourceList": [{"resourcePrefix": "mellanox.com", "resourceName": "cx5_pool", "selectors": {}}]}""";

        DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(foreign, Set.of(), cx5("cx5_pool"));

        assertThat(DevicePluginConfigMerge.names(merged.configJson())).containsExactly("mellanox.com/cx5_pool");
        assertThat(merged.configJson()).doesNotContain("15b3");
        assertThat(merged.owned()).isEmpty();
        assertThat(merged.conflicts()).singleElement().asString().startsWith("mellanox.com/cx5_pool is already a pool")
                .contains("rename the policy's pool");
    }

    @Test
    void anEntryWithoutPrefixHasTheUpstreamDefaultOne() {
        DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(
                "{\"resourceList\": [{\"resourceName\": \"cx5_pool\"}]}", Set.of(), cx5("cx5_pool"));

        assertThat(merged.conflicts()).isEmpty();
        assertThat(DevicePluginConfigMerge.names(merged.configJson()))
                .containsExactlyInAnyOrder("intel.com/cx5_pool", "mellanox.com/cx5_pool");
    }

    @Test
    void aConfigThatIsNotThePluginsJsonIsLeftUntouched() {
        for (String bad : List.of("{\"resourceList\": [", "[1, 2]", "{\"resourceList\": {}}")) {
            DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(bad, Set.of("mellanox.com/x"), cx5("cx5_pool"));

            assertThat(merged.unreadable()).as(bad).startsWith("its config.json is not");
            assertThat(merged.configJson()).isEqualTo(bad);
            assertThat(merged.owned()).containsExactly("mellanox.com/x");
        }
    }

    @Test
    void noConfigYetBecomesOursAlone() {
        DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(null, Set.of(), cx5("cx5_pool"));

        assertThat(DevicePluginConfigMerge.names(merged.configJson())).containsExactly("mellanox.com/cx5_pool");
        assertThat(merged.owned()).containsExactly("mellanox.com/cx5_pool");
    }

    private static ConfigMap cx5(String pool) {
        return render(connectX5("cx5", "ens1f0", pool, "0-3")).devicePluginConfig();
    }
}
