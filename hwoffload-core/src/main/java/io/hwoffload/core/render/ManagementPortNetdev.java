package io.hwoffload.core.render;

import io.hwoffload.core.inventory.InterfaceNames;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The netdev name of a PF's VF as systemd's predictable naming gives it, without looking at the node: the
 * PF's PCI path or slot name without its port-name suffix, plus {@code v<vf>} ({@code enp2s0f0np0} VF 0 is
 * {@code enp2s0f0v0}, as seed 004's OVN-Kubernetes management port).
 */
final class ManagementPortNetdev {
    /** en[P<domain>][p<bus>]s<slot>[f<function>], then the port name suffix np<N> that VFs do not carry. */
    private static final Pattern SYSTEMD_PF_NAME = Pattern.compile("(en(?:P\\d+)?(?:p\\d+)?s\\d+(?:f\\d+)?)(?:np\\d+)?");

    private ManagementPortNetdev() {
    }

    /** The VF's netdev, or empty when the PF's name is not a systemd PCI name (then only the node knows). */
    static Optional<String> of(String pfName, int vf) {
        Matcher matcher = SYSTEMD_PF_NAME.matcher(pfName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String name = matcher.group(1) + "v" + vf;
        return InterfaceNames.isValid(name) ? Optional.of(name) : Optional.empty();
    }
}
