package io.hwoffload.core.deviceplugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which VFs the kubelet should prefer for a container: those it must include, then VFs on the NUMA node and the
 * PF that already hold most of the choice (a pod's VFs on one node and one eSwitch), lowest PCI address first.
 */
public final class PreferredAllocation {
    private PreferredAllocation() {
    }

    public static List<String> choose(List<String> available, List<String> mustInclude, int size,
                                      Map<String, PoolDevice> devices) {
        Set<String> chosen = new LinkedHashSet<>(mustInclude);
        List<PoolDevice> candidates = available.stream().filter(id -> !chosen.contains(id)).map(devices::get)
                .filter(Objects::nonNull).sorted(Comparator.comparing(PoolDevice::pciAddress)).toList();
        if (chosen.size() < size && !candidates.isEmpty()) {
            Object numa = majority(chosen, devices, PoolDevice::numaNode, candidates);
            Object pf = majority(chosen, devices, PoolDevice::pf, candidates);
            List<PoolDevice> ranked = new ArrayList<>(candidates);
            ranked.sort(Comparator.comparingInt((PoolDevice d) -> Objects.equals(d.numaNode(), numa) ? 0 : 1)
                    .thenComparingInt(d -> Objects.equals(d.pf(), pf) ? 0 : 1)
                    .thenComparing(PoolDevice::pciAddress));
            for (PoolDevice device : ranked) {
                if (chosen.size() >= size) {
                    break;
                }
                chosen.add(device.id());
            }
        }
        return List.copyOf(chosen);
    }

    /** The value most of the chosen devices share, else the one most candidates share. */
    private static Object majority(Set<String> chosen, Map<String, PoolDevice> devices,
                                   Function<PoolDevice, Object> key, List<PoolDevice> candidates) {
        List<PoolDevice> basis = chosen.stream().map(devices::get).filter(Objects::nonNull).toList();
        if (basis.isEmpty()) {
            basis = candidates;
        }
        return basis.stream().collect(Collectors.groupingBy(d -> Objects.requireNonNullElse(key.apply(d), "none"),
                        Collectors.counting()))
                .entrySet().stream().max(Map.Entry.<Object, Long>comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
    }
}
