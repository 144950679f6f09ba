package io.hwoffload.flows.offload;

import io.hwoffload.flows.syntax.DatapathFlow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Says why a flow is not offloaded: every catalog rule that applies, general and NIC-specific. */
public final class OffloadExplainer {
    private final FlowCondition[] conditions;
    /** The reason of each condition, made once: a dump repeats the same few reasons millions of times. */
    private final Reason[] reasons;
    private final List<Reason> fallback;
    /** Reasons known for flows entering by a port, from outside the flow (ovs-vswitchd's log). */
    private final Function<String, List<Reason>> portReasons;

    public OffloadExplainer(RuleCatalog catalog, Optional<RuleCatalog.NicLimits> nic) {
        this(catalog, nic, SoftwareVersions.UNKNOWN);
    }

    /** With the versions known, the rules whose limit they lift are left out. */
    public OffloadExplainer(RuleCatalog catalog, Optional<RuleCatalog.NicLimits> nic, SoftwareVersions versions) {
        this(catalog, nic, versions, null);
    }

    /** {@code portReasons}: what is known of flows entering by a port besides the rules (ovs-vswitchd's log); null: nothing. */
    public OffloadExplainer(RuleCatalog catalog, Optional<RuleCatalog.NicLimits> nic, SoftwareVersions versions,
                            Function<String, List<Reason>> portReasons) {
        this.portReasons = portReasons;
        List<OffloadRule> all = new ArrayList<>(catalog.rules());
        nic.ifPresent(limits -> all.addAll(limits.rules()));
        all.removeIf(rule -> !rule.holdsFor(versions));
        this.conditions = all.stream().map(OffloadRule::when).toArray(FlowCondition[]::new);
        this.reasons = all.stream().map(OffloadRule::reason).toArray(Reason[]::new);
        this.fallback = List.of(catalog.fallback());
    }

    /** No reasons for an offloaded flow; otherwise the rules that apply, or the fallback. */
    public List<Reason> explain(DatapathFlow flow, OffloadStatus status) {
        if (status.isOffloaded()) {
            return List.of();
        }
        List<Reason> found = null;
        for (int i = 0; i < conditions.length; i++) {
            if (applies(conditions[i], flow, status)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(reasons[i]);
            }
        }
        String inPort = portReasons == null ? null : flow.keyValue("in_port");
        List<Reason> logged = inPort == null ? List.of() : portReasons.apply(inPort);
        if (!logged.isEmpty()) {
            found = found == null ? new ArrayList<>(logged.size()) : found;
            found.addAll(logged);
        }
        return found == null ? fallback : List.copyOf(found);
    }

    /**
     * {@code condition.test}, called from a site per kind of condition: the JIT inlines each,
     * where one call through the interface dispatches among five kinds for every rule of every
     * flow (parse and classify were 3% slower).
     */
    private static boolean applies(FlowCondition condition, DatapathFlow flow, OffloadStatus status) {
        if (condition instanceof FlowCondition.ActionUsed action) {
            return action.test(flow, status);
        }
        if (condition instanceof FlowCondition.KeyMatched key) {
            return key.test(flow, status);
        }
        if (condition instanceof FlowCondition.KeyField field) {
            return field.test(flow, status);
        }
        if (condition instanceof FlowCondition.StatusIs statuses) {
            return statuses.test(flow, status);
        }
        return condition.test(flow, status);
    }
}
