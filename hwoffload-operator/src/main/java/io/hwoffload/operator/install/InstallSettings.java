package io.hwoffload.operator.install;

import java.util.regex.Pattern;

/**
 * What differs between installs: the namespace, the image, and the webhook's CA bundle (base64 PEM; null
 * leaves it to cert-manager's CA injector).
 */
public record InstallSettings(String namespace, String image, String caBundle) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]+");

    public InstallSettings {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("--namespace '" + namespace + "' is not a namespace name (a DNS label: "
                    + "lower-case letters, digits and '-', at most 63)");
        }
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw new IllegalArgumentException("--image '" + image + "' is not an image reference such as "
                    + "registry.example.com/hwoffload:0.1.0");
        }
        if (caBundle != null && !BASE64.matcher(caBundle).matches()) {
            throw new IllegalArgumentException("--ca-bundle must hold a base64-encoded PEM CA certificate");
        }
    }
}
