package io.hwoffload.core.pci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI function address in the kernel's form {@code dddd:bb:dd.f}, e.g. {@code 0000:03:00.2}.
 * Strictly validated, so that it is safe to put into a sysfs path or an argv.
 */
public record PciAddress(int domain, int bus, int device, int function) implements Comparable<PciAddress> {

    private static final Pattern FORM = Pattern.compile(
            "(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-1][0-9a-fA-F])\\.([0-7])");

    public PciAddress {
        if (domain < 0 || domain > 0xffff || bus < 0 || bus > 0xff || device < 0 || device > 0x1f
                || function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI address out of range: domain " + domain + " bus " + bus
                    + " device " + device + " function " + function);
        }
    }

    /** Parses {@code 0000:03:00.2}, or {@code 03:00.2} as lspci prints it (domain 0000). */
    @JsonCreator
    public static PciAddress parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a PCI address: expected the form 0000:03:00.0"
                    + " (domain:bus:device.function, hexadecimal, as in /sys/bus/pci/devices)");
        }
        int domain = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
        return new PciAddress(domain, Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16),
                Integer.parseInt(m.group(4), 16));
    }

    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches() && text.length() == 12;
    }

    /** Bus, device and function as one 16-bit routing id, the unit of SR-IOV offset and stride. */
    public int routingId() {
        return bus << 8 | device << 3 | function;
    }

    public static PciAddress fromRoutingId(int domain, int routingId) {
        return new PciAddress(domain, routingId >> 8 & 0xff, routingId >> 3 & 0x1f, routingId & 7);
    }

    /** The address of VF {@code index} of this PF: routing id + offset + index * stride (PCIe SR-IOV). */
    public PciAddress virtualFunction(int offset, int stride, int index) {
        int routingId = routingId() + offset + index * stride;
        if (routingId > 0xffff) {
            throw new IllegalArgumentException("VF " + index + " of " + this + " would be beyond bus ff");
        }
        return fromRoutingId(domain, routingId);
    }

    @JsonValue
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%02x:%02x.%x", domain, bus, device, function);
    }

    @Override
    public int compareTo(PciAddress other) {
        int byDomain = Integer.compare(domain, other.domain);
        return byDomain != 0 ? byDomain : Integer.compare(routingId(), other.routingId());
    }
}
