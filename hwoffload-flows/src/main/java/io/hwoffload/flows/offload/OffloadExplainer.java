package io.hwoffload.flows.offload;

import io.hwoffload.flows.syntax.DatapathFlow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Says why a flow is not offloaded: every catalog rule that applies, general and NIC-specific. */
public final class OffloadExplainer {
    private final List<OffloadRule> rules;
    private final Reason fallback;

    public OffloadExplainer(RuleCatalog catalog, Optional<RuleCatalog.NicLimits> nic) {
        List<OffloadRule> all = new ArrayList<>(catalog.rules());
        nic.ifPresent(limits -> all.addAll(limits.rules()));
        this.rules = List.copyOf(all);
        this.fallback = catalog.fallback();
    }

    /** No reasons for an offloaded flow; otherwise the rules that apply, or the fallback. */
    public List<Reason> explain(DatapathFlow flow, OffloadStatus status) {
        if (status.isOffloaded()) {
            return List.of();
        }
        List<Reason> reasons = null;
        for (OffloadRule rule : rules) {
            if (rule.when().test(flow, status)) {
                if (reasons == null) {
                    reasons = new ArrayList<>(2);
                }
                reasons.add(rule.reason());
            }
        }
        return reasons == null ? List.of(fallback) : List.copyOf(reasons);
    }
}
