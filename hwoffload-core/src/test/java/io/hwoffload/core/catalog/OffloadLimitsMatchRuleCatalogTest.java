package io.hwoffload.core.catalog;

import io.hwoffload.flows.offload.OffloadRule;
import io.hwoffload.flows.offload.RuleCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A NIC's offload limits are written twice: as codes in the NIC catalog and as rules in the flows rule catalog.
 * These checks keep the two the same list, so neither can drift.
 */
class OffloadLimitsMatchRuleCatalogTest {
    private final NicCatalog nics = NicCatalog.bundled();
    private final RuleCatalog rules = RuleCatalog.builtIn();

    @Test
    void everyModelListsExactlyTheNicRulesOfItsModel() {
        for (NicModel model : nics.models()) {
            RuleCatalog.NicLimits limits = rules.nic(model.name()).orElseThrow(() -> new AssertionError(
                    "offload-rules.yaml has no nics entry for " + model.name() + ": add one (rules: [] if none)"));
            assertThat(model.offloadLimits()).as("offloadLimits of %s vs. its rules in offload-rules.yaml", model.name())
                    .containsExactlyInAnyOrderElementsOf(limits.rules().stream().map(OffloadRule::code).toList());
        }
    }

    @Test
    void everyNicOfTheRuleCatalogIsACatalogModel() {
        assertThat(rules.nicModels()).allSatisfy(model ->
                assertThat(nics.model(model)).as("NIC catalog model for offload-rules.yaml nics entry %s", model).isPresent());
    }

    @Test
    void nicRuleCodesNameTheirModel() {
        for (RuleCatalog.NicLimits limits : rules.nics()) {
            assertThat(limits.rules()).extracting(OffloadRule::code)
                    .allMatch(code -> code.startsWith("nic." + limits.model() + "."), "starts with nic." + limits.model() + ".");
        }
    }
}
