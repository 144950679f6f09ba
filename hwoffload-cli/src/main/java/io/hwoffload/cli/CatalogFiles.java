package io.hwoffload.cli;

import io.hwoffload.core.catalog.NicCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The NIC catalog of a command: the bundled one, with the models of a {@code --catalog FILE} added. */
public final class CatalogFiles {

    private CatalogFiles() {
    }

    /** The bundled catalog, extended by {@code file} when it is not null; a bad file is a usage error. */
    public static NicCatalog read(Path file) {
        NicCatalog bundled = NicCatalog.bundled();
        if (file == null) {
            return bundled;
        }
        try {
            return bundled.withOverrides(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UserInputException("--catalog " + file + ": cannot read it (" + e.getMessage() + ")");
        } catch (NicCatalog.CatalogException e) {
            throw new UserInputException("--catalog " + e.getMessage());
        }
    }
}
