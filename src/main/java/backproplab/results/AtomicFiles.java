package backproplab.results;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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

    public static void write(Path target, Writer writer) throws IOException {
        // A name of its own: processes that write the same file at once (shards of a sweep) do not
        // write into each other's half-written copy.
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName() + ".", ".partial");
        try {
            writer.writeTo(partial);
            force(partial);
        } catch (IOException | RuntimeException e) {
            // The target keeps its previous content; no half-written file is left beside it.
            Files.deleteIfExists(partial);
            throw e;
        }
        moveInPlace(partial, target);
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
