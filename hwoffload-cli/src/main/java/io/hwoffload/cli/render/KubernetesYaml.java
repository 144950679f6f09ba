package io.hwoffload.cli.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A Kubernetes object as a YAML manifest for {@code kubectl apply -f}: fabric8's model written with Jackson
 * (the client's serializer is not on this classpath), without the model's null and empty fields.
 */
final class KubernetesYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            // Multi-line JSON (config.json, spec.config) as a readable | block instead of one escaped line.
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE))
            // Strings stay quoted (the generator's default): "1" must stay a string, and a bare PCI address
            // would read back as a base-60 number in YAML 1.1.
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private KubernetesYaml() {
    }

    static String write(HasMetadata object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(object.getKind() + " " + object.getMetadata().getName()
                    + " cannot be written as YAML: " + e.getOriginalMessage(), e);
        }
    }
}
