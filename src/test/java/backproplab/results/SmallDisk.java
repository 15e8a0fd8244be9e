package backproplab.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test, which the test fills or makes read-only: the machine's own
 * "No space left on device" and "Read-only file system", not an imitation of them. Mounting takes
 * root; where it is not possible the test is skipped, saying why. Closing unmounts it.
 */
public final class SmallDisk implements AutoCloseable {

    /** tmpfs gives its space in pages: a file takes a new one as it grows past its last. */
    public static final int PAGE = 4096;

    private final Path root;

    private SmallDisk(Path root) {
        this.root = root;
    }

    /** A tmpfs of {@code size} ({@code 1m}, say) mounted at {@code root}, a new folder. */
    public static SmallDisk mount(Path root, String size) throws IOException, InterruptedException {
        Files.createDirectories(root);
        String failed = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", root.toString());
        Assumptions.assumeTrue(failed == null, "a tmpfs cannot be mounted here (it takes root): " + failed);
        return new SmallDisk(root);
    }

    /**
     * A tmpfs of {@code size} mounted in place of the folder {@code folder}, which holds the same
     * files as before: they are moved to {@code aside} (a new path), then copied onto the disk.
     */
    public static SmallDisk replacing(Path folder, Path aside, String size) throws IOException, InterruptedException {
        Files.move(folder, aside);
        SmallDisk disk = mount(folder, size);
        try (Stream<Path> walk = Files.walk(aside)) {
            for (Path from : walk.toList()) {
                Path to = folder.resolve(aside.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException | RuntimeException e) {
            disk.close();
            throw e;
        }
        return disk;
    }

    public Path root() {
        return root;
    }

    /**
     * Fills the disk: a file at its root written a page at a time until the disk refuses one. No
     * page is left; a file's last page keeps whatever room it had.
     */
    public void fill() throws IOException {
        ByteBuffer page = ByteBuffer.allocate(PAGE);
        try (FileChannel filler = FileChannel.open(root.resolve("filler"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            while (true) {
                page.clear();
                try {
                    filler.write(page);
                } catch (IOException e) {
                    if (e.getMessage() == null || !e.getMessage().contains("No space left on device")) {
                        throw e;
                    }
                    return;
                }
            }
        }
    }

    /** Gives back the space {@link #fill} took. */
    public void free() throws IOException {
        Files.deleteIfExists(root.resolve("filler"));
    }

    /** Mounts the disk again read-only, its files as they are. */
    public void readOnly() throws IOException, InterruptedException {
        String failed = run("mount", "-o", "remount,ro", root.toString());
        if (failed != null) {
            throw new IOException("cannot remount " + root + " read-only: " + failed);
        }
    }

    /** Unmounts the disk (lazily, should a file still be open on it): the folder is empty again. */
    @Override
    public void close() throws IOException, InterruptedException {
        String failed = run("umount", root.toString());
        if (failed != null && run("umount", "-l", root.toString()) != null) {
            throw new IOException("cannot unmount " + root + ": " + failed);
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
    }
}
