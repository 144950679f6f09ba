package io.hwoffload.operator.install;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the CNI's OVS keeps its sockets on the host (db.sock, ovs-vswitchd.&lt;pid&gt;.ctl), which the agent mounts at
 * /var/run/openvswitch, as read from each CNI's chart:
 * <ul>
 *   <li>Antrea: {@code /var/run/antrea/openvswitch} (build/charts/antrea/templates/agent/daemonset.yaml, volume
 *       host-var-run-antrea {@code /var/run/antrea} with subPath openvswitch, commit 00d545e2);</li>
 *   <li>Kube-OVN: {@code /run/openvswitch} (charts/kube-ovn/templates/ovsovn-ds.yaml, volume host-run-ovs,
 *       commit 05eb0e16);</li>
 *   <li>OVN-Kubernetes: {@code /var/run/openvswitch} (helm/ovn-kubernetes/charts/ovnkube-node/templates/
 *       ovnkube-node.yaml, volume host-var-run-ovs, commit 08f7f387).</li>
 * </ul>
 */
public record OvsHostDirectory(String path) {
    public static final OvsHostDirectory DEFAULT = new OvsHostDirectory("/var/run/openvswitch");

    public OvsHostDirectory {
        if (path == null || !path.startsWith("/") || !Path.of(path).normalize().toString().equals(path)
                || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("--ovs-rundir '" + path + "' is not an absolute, normalized host path such"
                    + " as /var/run/openvswitch");
        }
    }

    /** The directory of {@code cni} ({@code antrea}, {@code kube-ovn}, {@code ovn-kubernetes}). */
    public static OvsHostDirectory of(String cni) {
        return switch (cni.toLowerCase(Locale.ROOT)) {
            case "antrea" -> new OvsHostDirectory("/var/run/antrea/openvswitch");
            case "kube-ovn" -> new OvsHostDirectory("/run/openvswitch");
            case "ovn-kubernetes" -> DEFAULT;
            default -> throw new IllegalArgumentException("--cni '" + cni + "' is not a CNI hwoffload knows; give antrea,"
                    + " kube-ovn or ovn-kubernetes, or --ovs-rundir DIR");
        };
    }
}
