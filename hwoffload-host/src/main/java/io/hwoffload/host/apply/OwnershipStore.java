package io.hwoffload.host.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hwoffload.core.plan.OwnershipRecord;
import io.hwoffload.host.HostException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The ownership record on disk ({@code <state dir>/ownership.json}). Saved by write-to-temp, fsync, rename, so
 * that a crash leaves the old record or the new one, never half of one.
 */
public final class OwnershipStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FILE = "ownership.json";

    private final Path file;

    private OwnershipStore(Path file) {
        this.file = file;
    }

    public static OwnershipStore in(Path stateDirectory) {
        return new OwnershipStore(stateDirectory.resolve(FILE));
    }

    public Path file() {
        return file;
    }

    public OwnershipRecord load() {
        if (!Files.exists(file)) {
            return OwnershipRecord.EMPTY;
        }
        try {
            return JSON.readValue(file.toFile(), OwnershipRecord.class);
        } catch (IOException e) {
            throw new HostException("cannot read the ownership record " + file + " (" + e.getMessage()
                    + "); it lists what hwoffload changed: repair it or, if nothing was changed, remove it");
        }
    }

    public void save(OwnershipRecord record) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE + ".tmp");
            Files.write(temporary, JSON.writeValueAsBytes(record));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new HostException("cannot write the ownership record " + file + ": " + e.getMessage()
                    + "; nothing was changed for this step", e);
        }
    }

    /** The state directory's lock, held by one apply or reset at a time. */
    public final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock held;

        private Lock(FileChannel channel, FileLock held) {
            this.channel = channel;
            this.held = held;
        }

        @Override
        public void close() {
            try {
                held.release();
                channel.close();
            } catch (IOException e) {
                // closing the channel releases the lock anyway
            }
        }
    }

    /** Takes the lock or fails at once naming it: another apply or reset is running on this node. */
    public Lock lock() {
        Path lockFile = file.resolveSibling("lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = channel.tryLock();
            if (held == null) {
                channel.close();
                throw new HostException("another hwoffload apply or reset holds " + lockFile + "; wait for it to finish");
            }
            return new Lock(channel, held);
        } catch (IOException e) {
            throw new HostException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new HostException("cannot remove the ownership record " + file + ": " + e.getMessage(), e);
        }
    }
}
