package io.hwoffload.core.policy;

/** VF indexes {@code first..last}, both included: one entry of a {@link VfIndexes} list. */
public record VfRange(int first, int last) {

    public VfRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("VF range " + first + "-" + last + " is empty or negative");
        }
    }

    /** Parses {@code "1-2"} or a single index {@code "3"}. */
    public static VfRange parse(String text) {
        String[] bounds = text.split("-", -1);
        if (bounds.length > 2 || !bounds[0].matches("[0-9]{1,5}") || (bounds.length == 2 && !bounds[1].matches("[0-9]{1,5}"))) {
            throw new IllegalArgumentException("'" + text + "' is not a VF range; write FIRST-LAST such as 0-3");
        }
        int first = Integer.parseInt(bounds[0]);
        return new VfRange(first, bounds.length == 2 ? Integer.parseInt(bounds[1]) : first);
    }

    public boolean contains(int index) {
        return index >= first && index <= last;
    }

    public boolean overlaps(VfRange other) {
        return first <= other.last && other.first <= last;
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
