package backproplab.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.Fault;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    /** A new file is made as any new file of the folder is (the umask's mode), not owner-only as a temporary file. */
    @Test
    void aNewFileGetsTheModeOfAnyNewFile() throws IOException {
        Path plain = Files.createFile(tmp.resolve("plain.txt"));
        Path written = tmp.resolve("summary.json");
        AtomicFiles.write(written, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        assertEquals("{}", Files.readString(written));
    }

    /** A results folder shared with a group stays readable to it when its files are written again. */
    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw-rw-r--"})
    void aFileWrittenAgainKeepsItsMode(String mode) throws IOException {
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(mode);
        Path file = Files.writeString(tmp.resolve("summary.json"), "{\"steps\": 6}");
        Files.setPosixFilePermissions(file, permissions);
        AtomicFiles.write(file, "{\"steps\": 9}".getBytes(StandardCharsets.UTF_8));
        assertEquals(permissions, Files.getPosixFilePermissions(file));
        assertEquals("{\"steps\": 9}", Files.readString(file));
    }

    /**
     * On a full disk (a tmpfs filled to its last page) a file written again fails naming the
     * file, not the copy it was writing, and the file is as it was, with no copy left beside it.
     */
    @Test
    void aWriteTheDiskCannotHoldLeavesTheFileAsItWas() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "1m")) {
            Path target = disk.root().resolve("summary.json");
            byte[] before = "{\"steps\": 6}\n".getBytes(StandardCharsets.UTF_8);
            Files.write(target, before);
            disk.fill();

            // As small as the file it replaces: the copy needs a page of its own, which the disk has no more of.
            byte[] after = "{\"steps\": 9}\n".getBytes(StandardCharsets.UTF_8);
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, after));
            assertTrue(e.getMessage().contains(target.toString()) && !e.getMessage().contains(".partial"),
                    e.getMessage());
            String words = Fault.of(new UncheckedIOException(e)).getMessage();
            assertTrue(words.startsWith("no space left on the device that holds " + UserPath.shown(target) + ":"),
                    words);
            assertArrayEquals(before, Files.readAllBytes(target));
            try (Stream<Path> files = Files.list(disk.root())) {
                assertEquals(List.of("filler", "summary.json"),
                        files.map(f -> f.getFileName().toString()).sorted().toList(), "no copy left beside it");
            }
        }
    }
}
