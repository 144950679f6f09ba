package io.hwoffload.operator.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** NetworkAttachmentDefinitions held in a map, remembering every lookup. */
final class InMemoryNetworkAttachments implements NetworkAttachmentLookup {
    private final Map<String, Optional<String>> resourceByReference = new HashMap<>();
    final List<String> lookups = new ArrayList<>();

    InMemoryNetworkAttachments with(String namespace, String name, String resourceName) {
        resourceByReference.put(namespace + "/" + name, Optional.of(resourceName));
        return this;
    }

    InMemoryNetworkAttachments withoutResource(String namespace, String name) {
        resourceByReference.put(namespace + "/" + name, Optional.empty());
        return this;
    }

    @Override
    public Optional<String> resourceName(String namespace, String name) throws NetworkAttachmentLookupException {
        lookups.add(namespace + "/" + name);
        Optional<String> resource = resourceByReference.get(namespace + "/" + name);
        if (resource == null) {
            throw new NetworkAttachmentNotFoundException(namespace, name);
        }
        return resource;
    }
}
