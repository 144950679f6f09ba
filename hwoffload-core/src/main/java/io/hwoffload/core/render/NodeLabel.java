package io.hwoffload.core.render;

/** A label the operator puts on every node a policy selects, such as {@code k8s.ovn.org/dpu-host: ""}. */
public record NodeLabel(String policyName, String key, String value) {
}
