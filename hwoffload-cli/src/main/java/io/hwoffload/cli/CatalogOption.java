package io.hwoffload.cli;

import io.hwoffload.core.catalog.NicCatalog;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --catalog FILE}: NIC models that add to or replace the bundled catalog. */
public final class CatalogOption {

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "A NIC catalog file (same form as the bundled nic-catalog.yaml) whose models add to"
                    + " or replace the bundled ones.")
    Path catalogFile;

    public NicCatalog catalog() {
        NicCatalog bundled = NicCatalog.bundled();
        if (catalogFile == null) {
            return bundled;
        }
        try {
            return bundled.withOverrides(Files.readAllBytes(catalogFile), catalogFile.toString());
        } catch (IOException e) {
            throw new UserInputException("--catalog " + catalogFile + ": cannot read it (" + e.getMessage() + ")");
        } catch (NicCatalog.CatalogException e) {
            throw new UserInputException("--catalog " + e.getMessage());
        }
    }
}
