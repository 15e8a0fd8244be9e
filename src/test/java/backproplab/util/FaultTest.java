package backproplab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.results.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure of the machine told in words, from the exceptions the JDK throws for it: a call on a
 * path (open, create, rename) throws a {@link FileSystemException} naming the file with the
 * system's words for the error; a write on an open channel throws a bare {@link IOException} with
 * those words and no path, which {@link Fault#at} names.
 */
class FaultTest {

    @TempDir
    Path tmp;

    @Test
    void noSpaceLeftNamesTheFileTheSystemReported() {
        Path file = tmp.resolve("summary.json");
        String words = words(new FileSystemException(file.toString(), null, "No space left on device"));
        assertTrue(words.startsWith("no space left on the device that holds " + UserPath.shown(file) + ": "), words);
        assertTrue(words.contains("free some space") && words.contains("-Dout=DIR"), words);
    }

    /** A write's failure has no path: the one where the suite wrote is named, however deep it is wrapped. */
    @Test
    void aWritesFailureIsNamedWhereTheSuiteWrote() {
        Path metrics = tmp.resolve("metrics.csv");
        IOException write = new IOException("No space left on device");
        RuntimeException failure = new IllegalStateException("the run's end failed",
                new UncheckedIOException(Fault.at(metrics, write)));
        String words = words(failure);
        assertTrue(words.startsWith("no space left on the device that holds " + UserPath.shown(metrics) + ": "), words);
        assertSame(failure, Fault.of(failure).getCause(), "the failure is kept as the cause");
    }

    @Test
    void aFolderThatMayNotBeWrittenIsPermissionDenied() {
        Path folder = tmp.resolve("results");
        String words = words(new AccessDeniedException(folder.toString()));
        assertTrue(words.startsWith("permission denied: " + UserPath.shown(folder) + " cannot be written"), words);
        assertTrue(words.contains("-Dout=DIR"), words);
    }

    @Test
    void aReadOnlyFileSystemIsSaidSo() {
        Path file = tmp.resolve("results/README.md");
        String words = words(new FileSystemException(file.toString(), null, "Read-only file system"));
        assertTrue(words.startsWith(UserPath.shown(file) + " is on a read-only file system"), words);
        assertTrue(words.contains("-Dout=DIR"), words);
    }

    @Test
    void aDiskQuotaUsedUpIsSaidSo() {
        Path file = tmp.resolve("model/mlp-djl-0000.params");
        String words = words(new FileSystemException(file.toString(), null, "Disk quota exceeded"));
        assertTrue(words.startsWith("the disk quota is used up on the device that holds " + UserPath.shown(file)),
                words);
        // The same words from a write, which names no path.
        assertTrue(words(Fault.at(file, new IOException("Disk quota exceeded"))).startsWith(
                "the disk quota is used up on the device that holds " + UserPath.shown(file)));
    }

    @Test
    void anInputOutputErrorPointsAtTheDevice() {
        Path file = tmp.resolve("checkpoint/state-000500.ndlist");
        String words = words(Fault.at(file, new IOException("Input/output error")));
        assertTrue(words.startsWith("an input/output error on the device that holds " + UserPath.shown(file)), words);
        assertTrue(words.contains("check the device"), words);
    }

    /** A cause without words of its own keeps the system's, still naming the path. */
    @Test
    void anotherFailureKeepsTheSystemsWordsAndThePath() {
        Path file = tmp.resolve("metrics.csv");
        String words = words(Fault.at(file, new IOException("Stale file handle")));
        assertEquals("an input/output failure at " + UserPath.shown(file) + " (Stale file handle)", words);
    }

    /** A failure of the half-written copy beside the target names the target: the user knows no copy. */
    @Test
    void thePathNamedIsTheTargetNotItsPartialCopy() throws IOException {
        Path target = tmp.resolve("summary.json");
        Path partial = tmp.resolve("summary.json.123.partial");
        IOException atPartial = new FileSystemException(partial.toString(), null, "No space left on device");
        assertEquals("no space left on the device that holds " + UserPath.shown(target),
                words(Fault.at(target, atPartial)).split(":")[0]);

        // The same through the writer itself, whose copy the JDK names when it fails.
        Files.writeString(target, "{}");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, file -> {
            throw new FileSystemException(file.toString(), null, "No space left on device");
        }));
        String words = words(new UncheckedIOException(e));
        assertTrue(words.startsWith("no space left on the device that holds " + UserPath.shown(target) + ":"), words);
        assertFalse(words.contains(".partial"), words);
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(target), files.toList(), "no copy left beside the target");
        }
    }

    @Test
    void aFailureWithoutAnInputOutputCauseIsNoFault() {
        assertNull(Fault.of(new IllegalStateException("a bug")));
        assertNull(Fault.of(new RuntimeException("wrapped", new ArithmeticException("/ by zero"))));
        assertNull(Fault.of(new OutOfMemoryError("Java heap space")));
    }

    @Test
    void aFaultIsItsOwnFault() {
        Fault fault = Fault.of(Path.of("results"), new IOException("Input/output error"));
        assertSame(fault, Fault.of(fault));
        assertEquals(fault.getMessage(), Fault.of(new RuntimeException(fault)).getMessage(), "wrapped, the same words");
    }

    /** A message of several lines (a native library's) is cut to its first: the command ends in one line. */
    @Test
    void theWordsAreOneLine() {
        Path file = tmp.resolve("model");
        List<IOException> causes = List.of(
                new IOException("Broken pipe\n\tat native code\n"),
                new FileSystemException(file.toString(), null, "No space left on device"),
                new AccessDeniedException(file.toString()),
                new IOException("Input/output error"));
        for (IOException cause : causes) {
            String words = words(Fault.at(file, cause));
            assertFalse(words.contains("\n") || words.contains("\r"), words);
            assertTrue(words.contains(UserPath.shown(file)), words);
        }
        assertEquals("an input/output failure at " + UserPath.shown(file) + " (Broken pipe)",
                words(Fault.at(file, causes.get(0))));
    }

    private static String words(Throwable failure) {
        Fault fault = Fault.of(failure);
        assertNotNull(fault, "a fault: " + failure);
        return fault.getMessage();
    }
}
