package backproplab.results;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file beside its target, then moves it in place, so no reader sees half a file. */
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
        } catch (IOException | RuntimeException e) {
            // The target keeps its previous content; no half-written file is left beside it.
            Files.deleteIfExists(partial);
            throw e;
        }
        moveInPlace(partial, target);
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, file -> Files.write(file, bytes));
    }

    /** Replaces {@code target} by {@code source}, atomically where the file system can. */
    public static void moveInPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
