package io.hwoffload.core.boot;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The systemd unit that re-applies a policy at boot, after ovsdb-server and before ovs-vswitchd and kubelet:
 * VFs vanish on reboot, and pods that start before they are back fail (the top complaint of
 * sriov-network-operator users). ovs-vswitchd reads other_config:hw-offload when it starts, so it must start
 * after the apply too. Kubelet is ordered after the unit, not made to require it: a failed apply is logged
 * and kubelet still starts, so the node stays manageable.
 */
public final class BootUnit {
    public static final String NAME = "hwoffload-apply.service";

    /** Paths and targets go into ExecStart unquoted: only characters systemd and a shell leave alone (not %, a specifier). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:@+=,-]+");

    private BootUnit() {
    }

    /**
     * @param executable absolute path of the hwoffload launcher on the node
     * @param policyFile absolute path of the policy file on the node
     * @param ovsdb the OVSDB target, or null when the policy does not set OVS (a DPU host)
     * @param policies the policies' names, for the description
     */
    public static String render(String executable, String policyFile, String ovsdb, List<String> policies) {
        requireAbsolute(executable, "executable");
        requireAbsolute(policyFile, "policy file");
        if (ovsdb != null && !SAFE.matcher(ovsdb).matches()) {
            throw new IllegalArgumentException("OVSDB target '" + ovsdb + "' has characters a unit file cannot carry"
                    + " unquoted; use unix:PATH or tcp:HOST:PORT");
        }
        String after = ovsdb != null ? "After=local-fs.target systemd-udev-settle.service ovsdb-server.service\n"
                + "Wants=ovsdb-server.service\n" : "After=local-fs.target systemd-udev-settle.service\n";
        return "# " + NAME + ", rendered by hwoffload systemd-unit. Install:\n"
                + "#   install -m 0644 THIS_FILE /etc/systemd/system/" + NAME + "\n"
                + "#   systemctl daemon-reload && systemctl enable " + NAME + "\n"
                + "[Unit]\n"
                + "Description=hwoffload: apply offload policy " + String.join(", ", policies)
                + " (VFs, switchdev, OVS) before OVS and kubelet\n"
                + after
                + "Before=ovs-vswitchd.service openvswitch-switch.service kubelet.service\n"
                + "\n"
                + "[Service]\n"
                + "Type=oneshot\n"
                + "RemainAfterExit=yes\n"
                + "ExecStart=" + executable + " apply -f " + policyFile + (ovsdb != null ? " --ovsdb " + ovsdb : "") + "\n"
                + "TimeoutStartSec=300\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target kubelet.service\n";
    }

    private static void requireAbsolute(String path, String what) {
        if (path == null || !path.startsWith("/") || !SAFE.matcher(path).matches() || path.contains("/../")
                || path.endsWith("/..")) {
            throw new IllegalArgumentException("the " + what + " '" + path + "' must be an absolute path of letters,"
                    + " digits and _ . / : @ + = , - (no spaces, quotes or %), such as /usr/local/bin/hwoffload");
        }
    }
}
