package io.hwoffload.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** {@code -o table|json|yaml} for commands whose result is one document. */
public enum OutputFormat {
    table, json, yaml;

    /** Writes {@code document} as JSON or YAML, or hands the writer to {@code table}. */
    public <T> void write(PrintWriter out, T document, Consumer<PrintWriter> table) {
        switch (this) {
            case json -> StructuredOutput.json(out, document);
            case yaml -> StructuredOutput.yaml(out, document);
            default -> table.accept(out);
        }
        out.flush();
    }
}
