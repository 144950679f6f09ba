package io.hwoffload.cli.flows;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.UserInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The report's file ({@code -o}). It is written under a temporary name in its own directory and
 * moved over the target only when complete, so a run that fails leaves neither half a page nor a
 * damaged earlier report. Created before the dump is read, so a wrong {@code -o} is said at once.
 */
final class ReportFile implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private boolean committed;

    private ReportFile(Path target, Path temporary) {
        this.target = target;
        this.temporary = temporary;
    }

    static ReportFile create(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new UserInputException("-o " + target + " is a directory: name the HTML file to write, e.g. -o "
                    + target.resolve("report.html"));
        }
        Path directory = absolute.getParent();
        if (!Files.isDirectory(directory)) {
            throw new UserInputException("-o " + target + ": directory " + directory
                    + " does not exist; create it first, or write the report elsewhere");
        }
        Path temporary = temporaryIn(directory, absolute.getFileName().toString());
        try {
            Files.createFile(temporary);
        } catch (AccessDeniedException e) {
            throw new UserInputException("-o " + target + ": cannot write in " + directory
                    + " (permission denied); choose a directory you can write to");
        } catch (IOException e) {
            throw new CommandFailedException("cannot create a file in " + directory + ": " + e.getMessage(), e);
        }
        return new ReportFile(target, temporary);
    }

    /** A fresh hidden name beside {@code name}, for a file that is not complete yet. */
    static Path temporaryIn(Path directory, String name) {
        return directory.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    Path directory() {
        return temporary.getParent();
    }

    /** Writes the page and moves it into place. */
    void commit(String html) {
        try {
            Files.writeString(temporary, html, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // same directory, so only an unusual file system gets here; a plain rename still replaces whole
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        } catch (IOException e) {
            throw new CommandFailedException("writing " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes the temporary file unless the page was committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // nothing better to do: the failure that brought us here is what the user needs to see
            }
        }
    }
}
