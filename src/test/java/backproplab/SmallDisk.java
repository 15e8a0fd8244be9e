package backproplab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small disk for tests of a full or read-only disk: a tmpfs mounted on a folder (which
 * takes root); a test where it cannot be mounted is skipped, saying why. Closing it unmounts it.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path folder;
    private final Path filler;

    private SmallDisk(Path folder) {
        this.folder = folder;
        this.filler = folder.resolve("filler");
    }

    /**
     * A tmpfs of {@code size} (mount's syntax: "16m") on {@code folder}, created if need be; the
     * calling test is skipped when it cannot be mounted.
     */
    public static SmallDisk mount(Path folder, String size) throws IOException {
        Files.createDirectories(folder);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString()),
                "skipped: cannot mount a tmpfs on " + folder + " (mount takes root)");
        return new SmallDisk(folder);
    }

    public Path folder() {
        return folder;
    }

    /** Fills the disk to its last byte with a file of its own, so that the next write that needs space fails. */
    public void fill() throws IOException {
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    /** Gives the space {@link #fill} took back. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Mounts the disk again read-only (the calling test is skipped when it cannot be). */
    public void readOnly() {
        Assumptions.assumeTrue(run("mount", "-o", "remount,ro", folder.toString()),
                "skipped: cannot remount " + folder + " read-only");
    }

    @Override
    public void close() {
        if (!run("umount", folder.toString())) {
            throw new IllegalStateException("cannot unmount the tmpfs on " + folder);
        }
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
