package io.hwoffload.host.linux;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.exec.CommandResult;

import java.util.List;

/**
 * Reads the answer of {@code devlink -j dev eswitch show pci/<pf>}:
 * {@code {"dev":{"pci/0000:03:00.0":{"mode":"switchdev","inline-mode":"none","encap-mode":"basic"}}}}.
 */
final class DevlinkEswitchShow {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * What devlink prints when the device has no eSwitch it can query: a VF, a NIC without switchdev support,
     * or no such devlink device ("devlink answers:" from older iproute2, "kernel answers:" from newer).
     */
    private static final List<String> NO_ESWITCH = List.of("Operation not supported", "No such device");

    private DevlinkEswitchShow() {
    }

    static List<String> argv(PciAddress pf) {
        return List.of("devlink", "-j", "dev", "eswitch", "show", handle(pf));
    }

    /** The devlink handle of a PCI device, {@code pci/0000:03:00.0}. */
    static String handle(PciAddress pf) {
        return "pci/" + pf;
    }

    /**
     * The mode devlink reported; UNSUPPORTED when the device has no eSwitch devlink can query; UNKNOWN when
     * devlink failed otherwise (no devlink in the kernel, no permission) or printed something unexpected.
     */
    static EswitchMode mode(CommandResult result, PciAddress pf) {
        if (!result.succeeded()) {
            return NO_ESWITCH.stream().anyMatch(result.stderr()::contains) ? EswitchMode.UNSUPPORTED : EswitchMode.UNKNOWN;
        }
        try {
            JsonNode mode = JSON.readTree(result.stdout()).path("dev").path(handle(pf)).path("mode");
            switch (mode.asText()) {
                case "legacy":
                    return EswitchMode.LEGACY;
                case "switchdev":
                    return EswitchMode.SWITCHDEV;
                default:
                    return EswitchMode.UNKNOWN;
            }
        } catch (JsonProcessingException e) {
            return EswitchMode.UNKNOWN;
        }
    }
}
