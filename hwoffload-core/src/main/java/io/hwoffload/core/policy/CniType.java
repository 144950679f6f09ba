package io.hwoffload.core.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The CNIs whose offload setup hwoffload knows. */
public enum CniType {
    KUBE_OVN("kube-ovn"), ANTREA("antrea"), OVN_KUBERNETES("ovn-kubernetes");

    private final String label;

    CniType(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static Optional<CniType> fromLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }
}
