package io.hwoffload.cli.flows;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;

/**
 * Where a report's dump came from and when it was taken, as far as hwoffload can tell.
 *
 * @param source    the source as reports name it (a file name, stdin, a socket)
 * @param taken     a saved dump's modification time, else when hwoffload read it
 * @param takenHow  which of the two {@code taken} is
 */
record DumpOrigin(String source, Instant taken, String takenHow) {

    static DumpOrigin of(DumpSource source, Instant read) {
        if (source instanceof DumpSource.FileSource file) {
            try {
                return new DumpOrigin(source.description(), Files.getLastModifiedTime(file.path()).toInstant(),
                        "when the file was last modified");
            } catch (IOException e) {
                // the read itself reports an unreadable file; here the read time will do
            }
        }
        return new DumpOrigin(source.description(), read, source.isLive() ? "when it was read live" : "when it was read");
    }
}
