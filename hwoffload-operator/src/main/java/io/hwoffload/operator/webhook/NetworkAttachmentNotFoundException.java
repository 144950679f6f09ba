package io.hwoffload.operator.webhook;

/** The NetworkAttachmentDefinition a pod selects does not exist. */
public final class NetworkAttachmentNotFoundException extends NetworkAttachmentLookupException {
    private final String namespace;
    private final String name;

    public NetworkAttachmentNotFoundException(String namespace, String name) {
        super("NetworkAttachmentDefinition " + namespace + "/" + name + " does not exist");
        this.namespace = namespace;
        this.name = name;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }
}
