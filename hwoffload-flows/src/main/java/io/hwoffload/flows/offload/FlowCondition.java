package io.hwoffload.flows.offload;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hwoffload.flows.syntax.DatapathFlow;
import io.hwoffload.flows.syntax.FlowKey;
import io.hwoffload.flows.syntax.FlowNames;
import io.hwoffload.flows.syntax.FlowActions;
import io.hwoffload.flows.syntax.MaskedValue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When an offload rule applies to a flow. Rules are data ({@code offload-rules.yaml}); these are
 * the few shapes of condition that the data can name, by its {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FlowCondition.KeyMatched.class, name = "key-matched"),
        @JsonSubTypes.Type(value = FlowCondition.KeyField.class, name = "key-field"),
        @JsonSubTypes.Type(value = FlowCondition.CtStateFlags.class, name = "ct-state-flags"),
        @JsonSubTypes.Type(value = FlowCondition.ActionUsed.class, name = "action"),
        @JsonSubTypes.Type(value = FlowCondition.KeyCall.class, name = "key-call"),
        @JsonSubTypes.Type(value = FlowCondition.ActionCall.class, name = "action-call"),
        @JsonSubTypes.Type(value = FlowCondition.StatusIs.class, name = "status"),
        @JsonSubTypes.Type(value = FlowCondition.AllOf.class, name = "all"),
        @JsonSubTypes.Type(value = FlowCondition.AnyOf.class, name = "any"),
})
public sealed interface FlowCondition {

    boolean test(DatapathFlow flow, OffloadStatus status);

    /**
     * The flow matches on this key: it is present and not wildcarded by a zero mask. An exact match on a value of
     * {@code ignoredExact} does not count: OVS drops it before offloading (netdev-offload-tc's "ignore exact match on
     * skb_mark of 0").
     */
    record KeyMatched(String key, List<Long> ignoredExact) implements FlowCondition {
        private static final long ALL_ONES_32 = 0xffffffffL;

        public KeyMatched {
            key = FlowNames.canonical(Objects.requireNonNull(key, "key"));
            ignoredExact = ignoredExact == null ? List.of() : List.copyOf(ignoredExact);
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            FlowKey found = flow.key(key);
            return found != null && !found.isWildcarded() && !isIgnoredExactMatch(found.args());
        }

        private boolean isIgnoredExactMatch(String args) {
            if (ignoredExact.isEmpty()) {
                return false;
            }
            MaskedValue value = MaskedValue.parse(args);
            boolean exact = value.mask() == null || MaskedValue.number(value.mask()) == ALL_ONES_32;
            return exact && ignoredExact.contains(MaskedValue.number(value.value()));
        }
    }

    /**
     * A field of a key is matched (not under a zero mask) and its value is in {@code in} (when
     * given) and not in {@code notIn} (when given). With neither, the field's presence suffices.
     */
    record KeyField(String key, String field, List<String> in, List<String> notIn) implements FlowCondition {
        public KeyField {
            key = FlowNames.canonical(Objects.requireNonNull(key, "key"));
            Objects.requireNonNull(field, "field");
            in = in == null ? List.of() : List.copyOf(in);
            notIn = notIn == null ? List.of() : List.copyOf(notIn);
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            FlowKey found = flow.key(key);
            String text = found == null ? null : found.field(field);
            if (text == null) {
                return false;
            }
            int slash = text.indexOf('/');
            int valueEnd = slash < 0 ? text.length() : slash;
            if (slash >= 0 && MaskedValue.isZeroMask(text, slash + 1, text.length())) {
                return false;
            }
            return (in.isEmpty() || contains(in, text, valueEnd)) && !contains(notIn, text, valueEnd);
        }

        private static boolean contains(List<String> values, String text, int length) {
            for (String value : values) {
                if (value.length() == length && text.startsWith(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The flow matches on any of these conntrack state bits: set or clear, or with {@code set}, only set ({@code +rel},
     * not {@code -rel}).
     */
    record CtStateFlags(List<String> flags, Boolean set) implements FlowCondition {
        public CtStateFlags {
            flags = List.copyOf(flags);
            flags.forEach(CtState::bit);
            set = Boolean.TRUE.equals(set);
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            FlowKey found = flow.key("ct_state");
            if (found == null) {
                return false;
            }
            CtState state = CtState.parse(found.args());
            int bits = set ? state.mask() & state.value() : state.mask();
            for (int i = 0; i < flags.size(); i++) {
                if ((bits & CtState.bit(flags.get(i))) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The flow uses this action anywhere, nested ones included ({@code sample(...,actions(userspace(...)))});
     * with {@code argument}, only when the action carries it ({@code ct(...,helper=ftp)}).
     */
    record ActionUsed(String action, String argument) implements FlowCondition {
        public ActionUsed {
            Objects.requireNonNull(action, "action");
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            return argument == null
                    ? FlowActions.uses(flow.actionsText(), action)
                    : FlowActions.usesWithArgument(flow.actionsText(), action, argument);
        }
    }

    /**
     * The key holds a call of {@code call} that is matched (not all under zero masks): {@code tunnel(...,erspan(ver=2,
     * dir=1,hwid=0x7))}, whose options OVS's TC offload leaves in the match and so refuses.
     */
    record KeyCall(String key, String call) implements FlowCondition {
        public KeyCall {
            key = FlowNames.canonical(Objects.requireNonNull(key, "key"));
            Objects.requireNonNull(call, "call");
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            FlowKey found = flow.key(key);
            if (found == null) {
                return false;
            }
            String args = found.args();
            for (int at = args.indexOf(call + "("); at >= 0; at = args.indexOf(call + "(", at + 1)) {
                int open = at + call.length();
                if (FlowActions.hasCall(args, at, open + 1, call)
                        && !new FlowKey(call, args.substring(open + 1, FlowActions.closing(args, open))).isWildcarded()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A call of {@code action} holds a call of {@code call}: {@code set(tunnel(...,erspan(...)))}. */
    record ActionCall(String action, String call) implements FlowCondition {
        public ActionCall {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(call, "call");
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            return FlowActions.usesWithNestedCall(flow.actionsText(), action, call);
        }
    }

    /** Every one of these conditions holds (an ICMP flow that goes through conntrack). */
    record AllOf(List<FlowCondition> of) implements FlowCondition {
        public AllOf {
            of = List.copyOf(of);
            if (of.isEmpty()) {
                throw new IllegalArgumentException("all needs at least one condition in 'of'");
            }
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            for (FlowCondition condition : of) {
                if (!condition.test(flow, status)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** At least one of these conditions holds. */
    record AnyOf(List<FlowCondition> of) implements FlowCondition {
        public AnyOf {
            of = List.copyOf(of);
            if (of.isEmpty()) {
                throw new IllegalArgumentException("any needs at least one condition in 'of'");
            }
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            for (FlowCondition condition : of) {
                if (condition.test(flow, status)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The flow's offload status is one of these. */
    record StatusIs(Set<OffloadStatus> statuses) implements FlowCondition {
        public StatusIs {
            statuses = statuses.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
        }

        @Override
        public boolean test(DatapathFlow flow, OffloadStatus status) {
            return statuses.contains(status);
        }
    }
}
