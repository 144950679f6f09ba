package io.hwoffload.flows.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The offloaded share of a dump's packets (or flows), or why it cannot be known. Unknown is not 0: a dump without
 * {@code -m} fields says nothing of where its flows run, and 0 of 0 packets says nothing at all.
 *
 * @param unknown null when the ratio is known
 */
public record OffloadRatio(long offloaded, long total, Unknown unknown) {

    /** Why a ratio cannot be known. */
    public enum Unknown {
        NO_OFFLOAD_FIELDS("the dump has no -m fields: take it with 'dpctl/dump-flows -m', or say which type= filter it"
                + " was taken with: --assume-type"),
        NOTHING_COUNTED("nothing was counted");

        private final String explanation;

        Unknown(String explanation) {
            this.explanation = explanation;
        }

        public String explanation() {
            return explanation;
        }
    }

    /**
     * @param ofUnknownStatus how much of {@code total} belongs to flows whose status is unknown: any of it makes
     *                        the ratio unknown, since those flows may or may not be offloaded
     */
    public static OffloadRatio of(long offloaded, long total, long ofUnknownStatus) {
        Unknown unknown = ofUnknownStatus > 0 ? Unknown.NO_OFFLOAD_FIELDS : total == 0 ? Unknown.NOTHING_COUNTED : null;
        return new OffloadRatio(offloaded, total, unknown);
    }

    public boolean isKnown() {
        return unknown == null;
    }

    /** The ratio from 0 to 1, or null when unknown (as JSON carries it). */
    public Double value() {
        return isKnown() ? (double) offloaded / total : null;
    }

    /** The ratio as a percentage with {@code decimals} places, or "unknown". */
    public String percent(int decimals) {
        return isKnown() ? percent(offloaded, total, decimals) : "unknown";
    }

    /**
     * {@code part} of {@code whole} as a percentage that never claims more than the counts say: 100% only when all
     * of it is offloaded, 0% only when none is (81963 of 81967 is 99.9%, not 100.0%).
     */
    private static String percent(long part, long whole, int decimals) {
        if (whole <= 0) {
            return "unknown";
        }
        BigDecimal step = BigDecimal.ONE.movePointLeft(decimals);
        BigDecimal hundred = BigDecimal.valueOf(100).setScale(decimals, RoundingMode.UNNECESSARY);
        BigDecimal percent = BigDecimal.valueOf(part * 100.0 / whole).setScale(decimals, RoundingMode.HALF_EVEN);
        if (part < whole && percent.compareTo(hundred) >= 0) {
            percent = hundred.subtract(step);
        } else if (part > 0 && percent.signum() == 0) {
            percent = step;
        }
        return String.format(Locale.ROOT, "%s%%", percent.toPlainString());
    }
}
