package backproplab.results;

import backproplab.util.UserPath;
import backproplab.util.UserError;
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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folders an experiment's run writes, owned by one run at a time. {@link #claim} locks the
 * experiment's folder against a second run (a lock file with the owner's pid, held through an
 * operating-system lock, so a run that crashed leaves a lock the next run takes over) and empties
 * the folders of what older runs left there, so that every file in them belongs to this run.
 */
public final class RunFolder implements AutoCloseable {

    /** The lock file in the experiment's folder. */
    public static final String LOCK = ".lock";

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Makes sure {@code folder} can be created and written, without creating anything: the
     * nearest folder on its path that exists must be a writable folder.
     */
    public static void checkWritable(Path folder) {
        Path existing = folder.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            String why = existing == null ? "no such place"
                    : !Files.isDirectory(existing) ? existing + " is a file, not a folder"
                    : existing + " is not writable";
            throw new UserError("cannot write results to " + folder.toAbsolutePath() + " (" + why
                    + "): choose another folder with -Dout=DIR");
        }
    }

    /**
     * Creates {@code folder}, locks it, and empties it and {@code alsoOwned} of older runs' files.
     *
     * @param empty false to keep what is there (a run that continues from its checkpoint)
     * @throws UserError when a live run holds the lock, or the folder cannot be written
     */
    public static RunFolder claim(Path folder, List<Path> alsoOwned, boolean empty) {
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            Path lockFile = folder.resolve(LOCK);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = Files.readString(lockFile).strip();
                throw new UserError(UserPath.shown(folder) + " is being written by another run ("
                        + (owner.isEmpty() ? "its process is starting" : owner)
                        + "): wait for it to end, or write elsewhere with -Dout=DIR");
            }
            ProcessHandle self = ProcessHandle.current();
            String owner = "pid " + self.pid() + ", started "
                    + self.info().startInstant().map(Instant::toString).orElse("at an unknown time");
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            RunFolder claimed = new RunFolder(folder, channel, lock);
            for (Path owned : Stream.concat(Stream.of(folder), alsoOwned.stream()).toList()) {
                Files.createDirectories(owned);
                if (empty) {
                    empty(owned);
                }
            }
            return claimed;
        } catch (IOException | SecurityException e) {
            closeQuietly(channel);
            throw new UserError("cannot write results to " + folder.toAbsolutePath()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): choose another folder with -Dout=DIR", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The lock, or null when another process (or another run in this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** Deletes a folder and all it holds, if it exists. */
    public static void delete(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> tree = Files.walk(folder)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Deletes everything in {@code folder} but the lock file. */
    private static void empty(Path folder) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.filter(p -> !p.getFileName().toString().equals(LOCK)).toList();
        }
        for (Path child : children) {
            delete(child);
        }
    }

    public Path folder() {
        return folder;
    }

    /** Releases the lock and removes the lock file. */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve(LOCK));
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
