package io.hwoffload.operator;

import java.util.regex.Pattern;

/** The API server's naming rules, for names hwoffload reads from objects and from its command line. */
public final class KubernetesNames {
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    public static final String NAMESPACE_RULE = "a DNS-1123 label: lower-case letters, digits and '-', at most 63";
    public static final String OBJECT_NAME_RULE = "a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253";
    public static final String EXTENDED_RESOURCE_RULE = "<domain>/<name> outside kubernetes.io, such as mellanox.com/cx5_sriov";

    private KubernetesNames() {
    }

    /** {@code value} when it is a namespace name; else an IllegalArgumentException naming {@code option} and the rule. */
    public static String namespace(String option, String value) {
        if (value == null || !isNamespace(value)) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a namespace name (" + NAMESPACE_RULE + ")");
        }
        return value;
    }

    /** Namespaces are DNS-1123 labels. */
    public static boolean isNamespace(String text) {
        return text.length() <= 63 && DNS_LABEL.matcher(text).matches();
    }

    /** NetworkAttachmentDefinitions are custom resources, whose names are DNS-1123 subdomains. */
    public static boolean isObjectName(String text) {
        return text.length() <= 253 && DNS_SUBDOMAIN.matcher(text).matches();
    }

    /** A label key: {@code [<DNS subdomain>/]<name>}, the name at most 63 characters of a qualified name. */
    public static boolean isLabelKey(String text) {
        int slash = text.lastIndexOf('/');
        String prefix = slash < 0 ? null : text.substring(0, slash);
        String name = text.substring(slash + 1);
        return (prefix == null || isObjectName(prefix)) && !name.isEmpty() && isLabelValue(name);
    }

    /** A label value: empty, or at most 63 characters of a qualified name. */
    public static boolean isLabelValue(String text) {
        return text.isEmpty() || (text.length() <= 63 && QUALIFIED_NAME_PART.matcher(text).matches());
    }

    /** What a device plugin may advertise and a container may request: a qualified name with a non-native domain. */
    public static boolean isExtendedResourceName(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.contains("kubernetes.io/")) {
            return false;
        }
        String domain = text.substring(0, slash);
        String name = text.substring(slash + 1);
        return domain.length() <= 253 && DNS_SUBDOMAIN.matcher(domain).matches()
                && name.length() <= 63 && QUALIFIED_NAME_PART.matcher(name).matches();
    }
}
