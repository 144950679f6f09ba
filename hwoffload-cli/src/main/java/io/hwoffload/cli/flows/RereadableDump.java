package io.hwoffload.cli.flows;

import io.hwoffload.cli.CommandFailedException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dump the report reads twice, so that it never has to hold one in memory. A saved file is
 * simply read again; stdin or a live dump can be read only once, so it is first copied to a file
 * (beside the report: the place the user chose to write to), which is removed afterwards.
 */
final class RereadableDump implements AutoCloseable {
    private final DumpSource source;
    /** The copy this object made and removes, or null for a saved file. */
    private final Path copy;

    private RereadableDump(DumpSource source, Path copy) {
        this.source = source;
        this.copy = copy;
    }

    static RereadableDump of(DumpSource source, Path directory) {
        if (source instanceof DumpSource.FileSource) {
            return new RereadableDump(source, null);
        }
        Path copy = ReportFile.temporaryIn(directory, "hwoffload-dump");
        try (BufferedReader in = source.open();
             Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        } catch (IOException e) {
            delete(copy);
            throw new CommandFailedException("copying " + source.description() + " to " + copy + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            delete(copy);
            throw e;
        }
        return new RereadableDump(new DumpSource.FileSource(copy), copy);
    }

    void forEachLine(DumpSource.LineConsumer lines) {
        source.forEachLine(lines);
    }

    @Override
    public void close() {
        if (copy != null) {
            delete(copy);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover hidden copy is the lesser problem; the caller's own outcome is what counts
        }
    }
}
