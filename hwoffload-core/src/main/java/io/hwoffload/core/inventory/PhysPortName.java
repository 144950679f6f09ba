package io.hwoffload.core.inventory;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a switchdev port's {@code phys_port_name} says it is, by the naming the kernel uses and sriovnet
 * reads: {@code p0} the uplink; {@code pf0} or {@code c1pf0} a PF representor (on a DPU: the host's PF);
 * {@code pf0vf3} a VF representor; {@code c1pf0vf3} a VF representor of an external controller (a DPU's
 * host); a bare {@code 3} a VF representor on kernels before the {@code pfNvfM} form.
 */
public record PhysPortName(Representor.Flavour flavour, Integer pfIndex, Integer vfIndex, boolean external) {
    private static final Pattern PHYSICAL = Pattern.compile("p(\\d+)");
    private static final Pattern PF = Pattern.compile("(c\\d+)?pf(\\d+)");
    private static final Pattern VF = Pattern.compile("(c\\d+)?pf(\\d+)vf(\\d+)");
    private static final Pattern OLD_KERNEL_VF = Pattern.compile("\\d+");

    /** Empty for names that are no port we use (sub-functions {@code pf0sf1}, garbage, the empty string). */
    public static Optional<PhysPortName> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = PHYSICAL.matcher(name);
        if (m.matches()) {
            return number(m.group(1)).map(p -> new PhysPortName(Representor.Flavour.PHYSICAL, p, null, false));
        }
        Matcher pf = PF.matcher(name);
        if (pf.matches()) {
            boolean external = pf.group(1) != null;
            return number(pf.group(2)).map(p -> new PhysPortName(Representor.Flavour.PF, p, null, external));
        }
        Matcher vf = VF.matcher(name);
        if (vf.matches()) {
            Optional<Integer> pfIndex = number(vf.group(2));
            Optional<Integer> vfIndex = number(vf.group(3));
            if (pfIndex.isPresent() && vfIndex.isPresent()) {
                return Optional.of(new PhysPortName(Representor.Flavour.VF, pfIndex.get(), vfIndex.get(),
                        vf.group(1) != null));
            }
            return Optional.empty();
        }
        if (OLD_KERNEL_VF.matcher(name).matches()) {
            return number(name).map(index -> new PhysPortName(Representor.Flavour.VF, null, index, false));
        }
        return Optional.empty();
    }

    private static Optional<Integer> number(String digits) {
        try {
            return Optional.of(Integer.parseInt(digits));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }
}
