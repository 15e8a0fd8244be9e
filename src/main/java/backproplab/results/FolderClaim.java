package backproplab.results;

import backproplab.util.Fault;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder a run writes, owned by one run at a time. {@link #claim} locks it against a second run
 * (a lock file with the owner's pid, held through an operating-system lock, so a run that crashed
 * leaves a lock the next run takes over) and empties it, and {@code alsoOwned}, of what older runs
 * left there: only the entries {@link RunLayout} names, so that a file of the user's stays.
 * {@link #share} is the claim of the shards of one sweep: they hold its folder's lock together,
 * and a run that would empty the folder cannot take it while any of them lives.
 */
public final class FolderClaim implements AutoCloseable {

    /** The lock file in the experiment's folder. */
    public static final String LOCK = RunLayout.LOCK;

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean shared;

    private FolderClaim(Path folder, FileChannel channel, FileLock lock, boolean shared) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
        this.shared = shared;
    }

    /**
     * Creates {@code folder} (of {@code kind}), locks it, and empties it and {@code alsoOwned} of
     * older runs' files. Call {@link RunLayout#checkWritable} on each first: the claim does not
     * follow links, and leaves alone what it does not own.
     *
     * @param empty false to keep what is there (a run that continues from its checkpoint)
     * @throws UserError when a live run holds the lock, or the folder cannot be written
     */
    public static FolderClaim claim(Path folder, RunLayout.Kind kind, List<Path> alsoOwned, boolean empty) {
        // Ctrl-C in the last second of one experiment of -Dexp=all: the next one's folder is not emptied.
        OnInterrupt.waitIfStopping();
        FolderClaim claimed = lock(folder, false);
        try {
            for (Path owned : Stream.concat(Stream.of(folder), alsoOwned.stream()).toList()) {
                Files.createDirectories(owned);
                if (empty) {
                    RunLayout.empty(owned, kind);
                } else {
                    RunLayout.recoverModels(owned, kind);
                }
            }
            return claimed;
        } catch (IOException | RuntimeException e) {
            claimed.close();
            throw e instanceof UserError u ? u : cannotWrite(folder, e);
        }
    }

    /** The shards' claim of a sweep's folder: created and locked together, never emptied. */
    public static FolderClaim share(Path folder) {
        return lock(folder, true);
    }

    private static FolderClaim lock(Path folder, boolean shared) {
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            Path lockFile = folder.resolve(LOCK);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, shared);
            if (lock == null) {
                String owner = Files.readString(lockFile).strip();
                throw new UserError(UserPath.shown(folder) + " is being written by another run ("
                        + (owner.isEmpty() ? "shards of its sweep, or a run starting" : owner)
                        + "): wait for it to end, or write elsewhere with -Dout=DIR");
            }
            if (!shared) {
                ProcessHandle self = ProcessHandle.current();
                String owner = "pid " + self.pid() + ", started "
                        + self.info().startInstant().map(Instant::toString).orElse("at an unknown time");
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            }
            return new FolderClaim(folder, channel, lock, shared);
        } catch (IOException | SecurityException e) {
            closeQuietly(channel);
            throw cannotWrite(folder, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** A failure to claim {@code folder}, in one line: a fault of the machine in words, else what failed. */
    private static RuntimeException cannotWrite(Path folder, Exception e) {
        if (e instanceof IOException io) {
            return Fault.of(folder, io);
        }
        Fault fault = Fault.of(e);
        return fault != null ? fault : new UserError("cannot write results to " + UserPath.shown(folder) + " ("
                + e.getClass().getSimpleName() + ": " + UserError.firstLine(e.getMessage())
                + "): choose another folder with -Dout=DIR", e);
    }

    /** The lock, or null when another process (or another run in this one) holds it. */
    private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
        try {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    public Path folder() {
        return folder;
    }

    /**
     * Releases the lock; an exclusive owner removes the lock file. A shared lock file stays: the
     * other shards still hold it, and a new file of the same name would be a lock of its own.
     */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (!shared) {
                Files.deleteIfExists(folder.resolve(LOCK));
            }
            lock.release();
        } catch (IOException e) {
            // The lock goes with the channel below, and a left lock file is taken over by the next run.
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing held is lost: the operating system releases the lock with the channel
            }
        }
    }
}
