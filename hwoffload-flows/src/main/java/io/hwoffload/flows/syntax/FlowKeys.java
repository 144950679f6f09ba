package io.hwoffload.flows.syntax;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The match keys of a flow, unmodifiable, with their names side by side: a lookup by name, which
 * classification does several times per flow, reads one small array instead of every key object.
 * Keys read from a line are held as offsets into it and made into {@link FlowKey}s only when
 * asked for: classification looks at a few keys of each flow, and an object per key of every
 * line was a large share of what the parser allocated (parse alone is about 6% faster).
 */
final class FlowKeys extends AbstractList<FlowKey> implements RandomAccess {
    private final String[] names;
    /** The line the keys were read from, or null when they were given as objects. */
    private final String line;
    /** For each key, the start and end of its arguments in {@link #line}. */
    private final int[] bounds;
    /** The keys when they were given as objects, else null: keys read from a line are made on each call of {@link #get}. */
    private final FlowKey[] made;
    /**
     * Bit {@code hashCode() & 63} of every key name: most lookups are of keys that a flow lacks,
     * and a clear bit answers them without reading the names.
     */
    private final long nameBits;

    /** The first {@code count} keys read from {@code line}: names, and argument bounds in pairs. */
    FlowKeys(String line, String[] names, int[] bounds, int count) {
        this.line = line;
        this.names = Arrays.copyOf(names, count);
        this.bounds = Arrays.copyOf(bounds, 2 * count);
        this.made = null;
        this.nameBits = nameBits(this.names);
    }

    private FlowKeys(FlowKey[] keys) {
        this.line = null;
        this.bounds = null;
        this.made = keys;
        this.names = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            names[i] = Objects.requireNonNull(keys[i], "key").name();
        }
        this.nameBits = nameBits(names);
    }

    private static long nameBits(String[] names) {
        long bits = 0;
        for (String name : names) {
            bits |= 1L << name.hashCode();
        }
        return bits;
    }

    static FlowKeys copyOf(List<FlowKey> keys) {
        if (keys instanceof FlowKeys shared) {
            return shared;
        }
        return new FlowKeys(keys.toArray(new FlowKey[0]));
    }

    /** The key with this name, or null. */
    FlowKey find(String name) {
        if ((nameBits & 1L << name.hashCode()) == 0) {
            return null;
        }
        // The parser shares one instance per known key name: compare by identity first.
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return get(i);
            }
        }
        if (FlowNames.isCanonical(name)) {
            return null;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return get(i);
            }
        }
        return null;
    }

    @Override
    public FlowKey get(int index) {
        if (made != null) {
            return made[index];
        }
        Objects.checkIndex(index, names.length);
        return new FlowKey(names[index], line, bounds[2 * index], bounds[2 * index + 1]);
    }

    @Override
    public int size() {
        return names.length;
    }
}
