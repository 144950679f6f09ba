package io.hwoffload.core.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of VF indexes as the device plugin's PF selector writes them after its {@code #}: indexes and inclusive
 * ranges separated by commas, such as {@code 0,2-7} (sriov-network-device-plugin {@code pkg/resources/
 * deviceSelectors.go} isSelected, at commit 40b6f507). Held as sorted, disjoint, non-adjacent ranges, so that two
 * spellings of one set are equal and print alike.
 */
public record VfIndexes(List<VfRange> ranges) {

    public VfIndexes {
        ranges = normalized(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a VF list needs at least one index");
        }
    }

    /** Every VF of a PF with {@code numVfs} VFs. */
    public static VfIndexes all(int numVfs) {
        return new VfIndexes(List.of(new VfRange(0, numVfs - 1)));
    }

    public static VfIndexes of(int first, int last) {
        return new VfIndexes(List.of(new VfRange(first, last)));
    }

    /** Parses {@code "0,2-7"}, {@code "1-2"} or {@code "3"}. */
    public static VfIndexes parse(String text) {
        List<VfRange> ranges = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            try {
                ranges.add(VfRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a VF list; write indexes and FIRST-LAST"
                        + " ranges separated by commas, such as 0-3 or 0,2-7");
            }
        }
        return new VfIndexes(ranges);
    }

    public boolean contains(int index) {
        return ranges.stream().anyMatch(r -> r.contains(index));
    }

    public boolean overlaps(VfIndexes other) {
        return ranges.stream().anyMatch(r -> other.ranges.stream().anyMatch(r::overlaps));
    }

    /** The highest index. */
    public int last() {
        return ranges.get(ranges.size() - 1).last();
    }

    public int size() {
        return ranges.stream().mapToInt(VfRange::size).sum();
    }

    /** Whether these are exactly the VFs {@code 0..numVfs-1}. */
    public boolean isAll(int numVfs) {
        return equals(all(numVfs));
    }

    @Override
    public String toString() {
        return String.join(",", ranges.stream().map(r -> r.size() == 1 ? Integer.toString(r.first()) : r.toString()).toList());
    }

    private static List<VfRange> normalized(List<VfRange> ranges) {
        List<VfRange> sorted = ranges.stream().sorted(Comparator.comparingInt(VfRange::first)).toList();
        List<VfRange> merged = new ArrayList<>();
        for (VfRange range : sorted) {
            VfRange previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && range.first() <= previous.last() + 1) {
                merged.set(merged.size() - 1, new VfRange(previous.first(), Math.max(previous.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return List.copyOf(merged);
    }
}
