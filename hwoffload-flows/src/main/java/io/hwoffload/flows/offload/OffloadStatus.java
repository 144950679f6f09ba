package io.hwoffload.flows.offload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hwoffload.flows.syntax.DatapathFlow;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a datapath flow runs, with the meaning of OVS's {@code dpctl/dump-flows type=} filters
 * ({@code flow_passes_type_filter} in {@code lib/dpctl.c}).
 */
public enum OffloadStatus {
    /** {@code offloaded:yes} and a datapath layer other than ovs: the NIC forwards it. */
    OFFLOADED("offloaded"),
    /** Offloaded but {@code dp:ovs}: the NIC classifies, OVS executes the actions (DPDK partial offload). */
    PARTIALLY_OFFLOADED("partially-offloaded"),
    /** {@code dp:tc} without {@code offloaded}: TC holds it in software (skip_hw, or the NIC refused it). */
    TC_SOFTWARE("tc-software"),
    /** {@code dp:ovs} (or dp:dpdk) without offload: the host CPU forwards it. */
    DATAPATH("datapath"),
    /** The dump has no {@code -m} fields, so nothing says where the flow runs. */
    UNKNOWN("unknown");

    private final String label;

    OffloadStatus(String label) {
        this.label = label;
    }

    /** The name used in JSON, metrics, rule data and on the command line. */
    @JsonValue
    public String label() {
        return label;
    }

    public boolean isOffloaded() {
        return this == OFFLOADED;
    }

    /**
     * The status of a flow as the dump states it; {@code assumed} applies to dumps without
     * {@code -m} fields, which a {@code type=} filter already selected.
     */
    public static OffloadStatus of(DatapathFlow flow, OffloadStatus assumed) {
        String dp = flow.dp();
        boolean offloaded = flow.offloaded() != null && !flow.offloaded().equals("no");
        if (dp == null) {
            return offloaded ? OFFLOADED : assumed;
        }
        boolean ovsLayer = dp.equals("ovs");
        if (offloaded) {
            return ovsLayer ? PARTIALLY_OFFLOADED : OFFLOADED;
        }
        return dp.equals("tc") ? TC_SOFTWARE : DATAPATH;
    }

    /**
     * Parses a status label, or one of OVS's unambiguous {@code type=} filter names
     * ({@code offloaded}, {@code partially-offloaded}, {@code ovs}).
     */
    public static Optional<OffloadStatus> fromLabel(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        if (wanted.equals("ovs")) {
            return Optional.of(DATAPATH);
        }
        return Arrays.stream(values()).filter(s -> s.label.equals(wanted)).findFirst();
    }

    /** For rule data: a status label, strictly. */
    @JsonCreator
    static OffloadStatus ofLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown offload status '" + label + "', expected one of "
                        + Arrays.stream(values()).map(OffloadStatus::label).toList()));
    }

    @Override
    public String toString() {
        return label;
    }
}
