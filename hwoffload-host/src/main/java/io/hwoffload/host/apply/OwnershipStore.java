package io.hwoffload.host.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hwoffload.core.plan.OwnershipRecord;
import io.hwoffload.host.HostException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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

    /**
     * Takes the lock or fails at once naming it and its holder: another apply or reset is running on this node.
     * The holder's pid is written into the lock file for that message; the lock itself is the fcntl lock, which the
     * kernel drops when its process dies, so a stale file never blocks.
     */
    public Lock lock() {
        Path lockFile = file.resolveSibling("lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock held = tryLock(channel);
            if (held == null) {
                String holder = holder(channel);
                channel.close();
                throw new HostException("another hwoffload apply or reset (" + holder + ") holds " + lockFile
                        + "; wait for it to finish");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new Lock(channel, held);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new HostException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** Null when another process holds it, or another lock of this JVM (as two applies in one agent would). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("[0-9]{1,10}") ? "pid " + text : "pid unknown";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing releases the lock; nothing more to do
            }
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
