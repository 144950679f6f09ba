package io.hwoffload.flows.syntax;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The match keys of a flow, unmodifiable, with their names side by side: a lookup by name, which
 * classification does several times per flow, reads one small array instead of every key object.
 */
final class FlowKeys extends AbstractList<FlowKey> implements RandomAccess {
    private final FlowKey[] keys;
    private final String[] names;

    /** The first {@code count} keys of {@code keys}, copied. */
    FlowKeys(FlowKey[] keys, int count) {
        this.keys = Arrays.copyOf(keys, count);
        this.names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = Objects.requireNonNull(this.keys[i], "key").name();
        }
    }

    static FlowKeys copyOf(List<FlowKey> keys) {
        if (keys instanceof FlowKeys shared) {
            return shared;
        }
        FlowKey[] array = keys.toArray(new FlowKey[0]);
        return new FlowKeys(array, array.length);
    }

    /** The key with this name, or null. */
    FlowKey find(String name) {
        // The parser shares one instance per known key name: compare by identity first.
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return keys[i];
            }
        }
        if (FlowNames.isCanonical(name)) {
            return null;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return keys[i];
            }
        }
        return null;
    }

    @Override
    public FlowKey get(int index) {
        return keys[index];
    }

    @Override
    public int size() {
        return keys.length;
    }
}
