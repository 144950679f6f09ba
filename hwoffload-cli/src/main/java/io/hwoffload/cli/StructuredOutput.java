package io.hwoffload.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Writes a command's result as JSON or YAML, with the same field names in both. */
public final class StructuredOutput {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            // Strings stay quoted: a bare PCI address (0000:03:00.0) or MAC reads as a base-60 number in YAML 1.1.
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private StructuredOutput() {
    }

    public static void json(PrintWriter out, Object value) {
        write(JSON, out, value);
        out.println();
    }

    /** YAML leaves out null fields, as kubectl's YAML does; JSON keeps them so the shape is fixed. */
    public static void yaml(PrintWriter out, Object value) {
        write(YAML, out, value);
    }

    private static void write(ObjectMapper mapper, PrintWriter out, Object value) {
        try {
            out.print(mapper.writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
