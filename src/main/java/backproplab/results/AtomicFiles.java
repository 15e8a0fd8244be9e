package backproplab.results;

import backproplab.util.Fault;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file beside its target, forces it to the disk, then moves it in place, so that no
 * reader sees half a file, and a crash of the machine leaves either the old file or the new one.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Something that writes a whole file. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code target} whole through {@code writer}. The new file keeps the permissions of the
     * one it replaces (a results folder shared with a group stays readable to it), or gets those
     * of any new file (the process's umask).
     *
     * @throws IOException naming {@code target} ({@link Fault#at}); the target is as it was
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path partial = null;
        try {
            partial = newPartial(target);
            writer.writeTo(partial);
            force(partial);
            moveInPlace(partial, target);
        } catch (IOException e) {
            // The target keeps its previous content; no half-written file is left beside it.
            deleteQuietly(partial, e);
            throw Fault.at(target, e);
        } catch (RuntimeException e) {
            deleteQuietly(partial, e);
            throw e;
        }
    }

    /**
     * A new empty file beside {@code target}, named {@code <name>.<digits>.partial}: a name of its
     * own, so that processes writing the same file at once (shards of a sweep) do not write into
     * each other's half-written copy.
     */
    private static Path newPartial(Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        while (true) {
            Path partial = folder.resolve(target.getFileName() + "."
                    + (ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".partial");
            try {
                // Created as any new file is (unlike a temporary file's owner-only mode).
                Files.createFile(partial);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    && Files.getFileStore(partial).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(partial, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
            }
            return partial;
        }
    }

    private static void deleteQuietly(Path partial, Exception failure) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The file's data on the disk before its name replaces the old one's. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, file -> Files.write(file, bytes));
    }

    /**
     * Replaces {@code target} by {@code source} (a file written whole and forced to the disk),
     * atomically where the file system can, and records the rename.
     */
    public static void moveInPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(target.toAbsolutePath().getParent());
    }

    /** A folder's entries (a rename, a new file) on the disk. */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every system lets a folder be forced (Windows): the rename is then as durable as it gets.
        }
    }
}
