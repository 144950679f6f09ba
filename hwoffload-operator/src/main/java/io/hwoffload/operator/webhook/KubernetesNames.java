package io.hwoffload.operator.webhook;

import java.util.regex.Pattern;

/** The API server's naming rules for what the webhook reads from a pod or a NetworkAttachmentDefinition. */
final class KubernetesNames {
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    static final String NAMESPACE_RULE = "a DNS-1123 label: lower-case letters, digits and '-', at most 63";
    static final String OBJECT_NAME_RULE = "a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253";
    static final String EXTENDED_RESOURCE_RULE = "<domain>/<name> outside kubernetes.io, such as mellanox.com/cx5_sriov";

    private KubernetesNames() {
    }

    /** Namespaces are DNS-1123 labels. */
    static boolean isNamespace(String text) {
        return text.length() <= 63 && DNS_LABEL.matcher(text).matches();
    }

    /** NetworkAttachmentDefinitions are custom resources, whose names are DNS-1123 subdomains. */
    static boolean isObjectName(String text) {
        return text.length() <= 253 && DNS_SUBDOMAIN.matcher(text).matches();
    }

    /** What a device plugin may advertise and a container may request: a qualified name with a non-native domain. */
    static boolean isExtendedResourceName(String text) {
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
