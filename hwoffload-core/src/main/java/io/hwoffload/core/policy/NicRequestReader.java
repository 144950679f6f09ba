package io.hwoffload.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hwoffload.core.inventory.InterfaceNames;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.pci.PciId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the NIC part of an OffloadPolicy document ({@code metadata.name}, {@code spec.nicSelector},
 * {@code spec.numVfs}) with every problem reported by field path. The rest of the policy is read by the
 * policy model; this reader ignores it.
 */
public final class NicRequestReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private NicRequestReader() {
    }

    public static NicRequest read(byte[] yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PolicyException(source, List.of("not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new PolicyException(source, List.of("cannot be read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException(source, List.of("expected an OffloadPolicy document (kind: OffloadPolicy)"));
        }
        List<String> problems = new ArrayList<>();
        String name = root.path("metadata").path("name").asText(null);
        if (name == null || name.isBlank()) {
            problems.add("metadata.name: missing; give the policy a name such as mellanox-antrea");
        }
        JsonNode spec = root.path("spec");
        JsonNode selector = spec.path("nicSelector");
        String vendor = pciId(selector, "vendor", problems);
        String device = pciId(selector, "deviceID", problems);
        List<String> pfNames = new ArrayList<>();
        JsonNode names = selector.path("pfNames");
        for (int i = 0; i < names.size(); i++) {
            String pf = names.get(i).asText();
            if (InterfaceNames.isValid(pf)) {
                pfNames.add(pf);
            } else {
                problems.add("spec.nicSelector.pfNames[" + i + "]: '" + pf + "' is not an interface name ("
                        + InterfaceNames.RULE + "); give the PF's netdev such as enp3s0f0");
            }
        }
        List<PciAddress> rootDevices = new ArrayList<>();
        JsonNode devices = selector.path("rootDevices");
        for (int i = 0; i < devices.size(); i++) {
            try {
                rootDevices.add(PciAddress.parse(devices.get(i).asText()));
            } catch (IllegalArgumentException e) {
                problems.add("spec.nicSelector.rootDevices[" + i + "]: " + e.getMessage());
            }
        }
        if (selector.path("vendor").isMissingNode() && names.isEmpty() && devices.isEmpty()) {
            problems.add("spec.nicSelector: selects nothing; give vendor (and deviceID), pfNames or rootDevices");
        }
        JsonNode numVfs = spec.path("numVfs");
        if (!numVfs.canConvertToInt() || !numVfs.isIntegralNumber() || numVfs.asInt() < 0) {
            problems.add("spec.numVfs: " + (numVfs.isMissingNode() ? "missing" : "'" + numVfs.asText() + "'")
                    + "; give the number of VFs to create on each selected PF, such as 4");
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(source, problems);
        }
        return new NicRequest(name, vendor, device, pfNames, rootDevices, numVfs.asInt());
    }

    private static String pciId(JsonNode selector, String field, List<String> problems) {
        JsonNode value = selector.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!PciId.isValid(value.asText())) {
            problems.add("spec.nicSelector." + field + ": '" + value.asText()
                    + "' is not a PCI id; give four hex digits as lspci -nn shows them, such as 15b3");
            return null;
        }
        return PciId.normalize(value.asText());
    }
}
