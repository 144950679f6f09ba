package io.hwoffload.core.cni;

import io.hwoffload.flows.pods.PortOwner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which pod an OVS port is, from the keys each CNI writes on its rows when it plugs a pod:
 * <ul>
 *   <li>Kube-OVN: Interface external_ids {@code pod_name}, {@code pod_namespace} (kube-ovn pkg/daemon/ovs_linux.go,
 *       at 1533681d);</li>
 *   <li>Antrea: Port external_ids {@code pod-name}, {@code pod-namespace} (antrea pkg/agent/interfacestore/types.go,
 *       OVSExternalIDPodName / OVSExternalIDPodNamespace);</li>
 *   <li>OVN-Kubernetes: Interface external_ids {@code iface-id} = {@code <namespace>_<pod>} with {@code sandbox} set
 *       (go-controller/pkg/util/util.go composePortName, pkg/cni/helper_linux.go, at 8871cd9c; a user-defined network's
 *       iface-id has a prefix before them).</li>
 * </ul>
 * A port with none of them is the node's, by its Interface type.
 */
public final class PodPorts {
    private static final Set<String> TUNNELS = Set.of("vxlan", "geneve", "gre", "erspan", "ip6erspan", "ip6gre", "stt",
            "bareudp", "gtpu", "srv6", "lisp");

    private final Map<String, PortOwner> byName;

    private PodPorts(Map<String, PortOwner> byName) {
        this.byName = byName;
    }

    public static PodPorts of(List<OvsPortRow> rows) {
        Map<String, PortOwner> byName = new HashMap<>();
        rows.forEach(row -> byName.put(row.name(), ownerOf(row)));
        return new PodPorts(byName);
    }

    /** The owner of a port by name; a name the rows do not have is an unknown port. */
    public PortOwner owner(String port) {
        return byName.getOrDefault(port, new PortOwner.Node(PortOwner.PortRole.UNKNOWN));
    }

    /** {@link #owner} as a function, for the flow aggregator. */
    public Function<String, PortOwner> asFunction() {
        return this::owner;
    }

    static PortOwner ownerOf(OvsPortRow row) {
        return pod(row.interfaceExternalIds(), "pod_namespace", "pod_name")
                .or(() -> pod(row.portExternalIds(), "pod-namespace", "pod-name"))
                .or(() -> pod(row.interfaceExternalIds(), "pod-namespace", "pod-name"))
                .or(() -> ovnKubernetesPod(row.interfaceExternalIds()))
                .orElseGet(() -> new PortOwner.Node(role(row.type())));
    }

    private static Optional<PortOwner> pod(Map<String, String> ids, String namespaceKey, String nameKey) {
        String namespace = ids.get(namespaceKey);
        String name = ids.get(nameKey);
        return namespace == null || name == null || namespace.isEmpty() || name.isEmpty() ? Optional.empty()
                : Optional.of(new PortOwner.Pod(namespace, name));
    }

    /** iface-id {@code [<prefix>]<namespace>_<pod>}: namespaces and pod names are DNS labels and subdomains, never '_'. */
    private static Optional<PortOwner> ovnKubernetesPod(Map<String, String> ids) {
        String ifaceId = ids.get("iface-id");
        if (ifaceId == null || !ids.containsKey("sandbox")) {
            return Optional.empty();
        }
        int last = ifaceId.lastIndexOf('_');
        if (last <= 0 || last == ifaceId.length() - 1) {
            return Optional.empty();
        }
        int before = ifaceId.lastIndexOf('_', last - 1);
        String namespace = ifaceId.substring(before + 1, last);
        return namespace.isEmpty() ? Optional.empty()
                : Optional.of(new PortOwner.Pod(namespace, ifaceId.substring(last + 1)));
    }

    private static PortOwner.PortRole role(String type) {
        return switch (type) {
            case "", "system", "dpdk", "afxdp", "tap" -> PortOwner.PortRole.SYSTEM;
            case "internal" -> PortOwner.PortRole.INTERNAL;
            case "patch" -> PortOwner.PortRole.PATCH;
            default -> TUNNELS.contains(type) ? PortOwner.PortRole.TUNNEL : PortOwner.PortRole.SYSTEM;
        };
    }
}
