package io.hwoffload.operator.webhook;

/** One network attachment a pod selects, and the annotation that selects it (for error messages). */
record NetworkSelection(String annotation, String namespace, String name) {

    String reference() {
        return namespace + "/" + name;
    }
}
