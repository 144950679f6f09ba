package io.hwoffload.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON the renderer puts inside Kubernetes objects (config.json, a NAD's spec.config), and reads back. */
final class RenderJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Two-space indents, one array element per line, {@code "key": value}: JSON as people write it by hand. */
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private RenderJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Pretty-printed, ending with a newline so that YAML writes it as a plain {@code |} block. */
    static String pretty(JsonNode json) {
        try {
            return PRETTY.writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory cannot be written: " + e.getMessage(), e);
        }
    }

    /** Parses JSON the renderer wrote; the checks run on the rendered text, not on what went into it. */
    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rendered JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
