package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarFilesTest {

    static final Path FIXTURE = Path.of("src/test/resources/cifar10-fixture");
    static final int RECORD = 3073;

    @TempDir
    Path dir;

    @Test
    void recordSizeIsLabelBytePlusThreePlanesOf32x32() {
        assertEquals(3073, CifarFiles.RECORD_BYTES);
    }

    @Test
    void countsTheFixtureRecords() {
        CifarFiles files = CifarFiles.check(FIXTURE);
        assertEquals(300, files.trainRecords());
        assertEquals(100, files.testRecords());
        assertEquals(FIXTURE, files.directory(), "DJL's layout is used in place");
    }

    @Test
    void missingFolderIsAnErrorNamingTheFolder() {
        Path missing = dir.resolve("no-such-folder");
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void missingTrainingFileIsAnErrorNamingBothAcceptedNames() throws IOException {
        Files.copy(FIXTURE.resolve("test_batch.bin"), dir.resolve("test_batch.bin"));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains("data_batch.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void missingTestFileIsAnErrorNamingIt() throws IOException {
        Files.copy(FIXTURE.resolve("data_batch.bin"), dir.resolve("data_batch.bin"));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
    }

    @Test
    void truncatedTrainingFileIsAnErrorNamingIt() throws IOException {
        copyFixture();
        byte[] bytes = Files.readAllBytes(FIXTURE.resolve("data_batch.bin"));
        Files.write(dir.resolve("data_batch.bin"), Arrays.copyOf(bytes, bytes.length - 100));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(dir.resolve("data_batch.bin").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(bytes.length - 100)), e.getMessage());
    }

    @Test
    void truncatedTestFileIsAnErrorNamingIt() throws IOException {
        copyFixture();
        byte[] bytes = Files.readAllBytes(FIXTURE.resolve("test_batch.bin"));
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(bytes, bytes.length - 1));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
    }

    @Test
    void emptyFileIsAnErrorNamingIt() throws IOException {
        copyFixture();
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
    }

    @Test
    void labelAboveNineIsAnErrorNamingFileRecordAndLabel() throws IOException {
        copyFixture();
        Path file = dir.resolve("data_batch.bin");
        byte[] bytes = Files.readAllBytes(file);
        bytes[5 * RECORD] = 10;
        Files.write(file, bytes);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("record 5"), e.getMessage());
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }

    @Test
    void labelByteAbove127IsReadUnsigned() throws IOException {
        copyFixture();
        Path file = dir.resolve("test_batch.bin");
        byte[] bytes = Files.readAllBytes(file);
        bytes[99 * RECORD] = (byte) 200;
        Files.write(file, bytes);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("record 99"), e.getMessage());
        assertTrue(e.getMessage().contains("label 200"), e.getMessage());
    }

    @Test
    void officialLayoutIsJoinedIntoOneTrainingFile() throws IOException {
        writeOfficialLayout();
        CifarFiles files = CifarFiles.check(dir);
        try {
            assertEquals(300, files.trainRecords());
            assertEquals(100, files.testRecords());
            assertNotEquals(dir, files.directory(), "the five parts are joined elsewhere");
            assertArrayEquals(
                    Files.readAllBytes(FIXTURE.resolve("data_batch.bin")),
                    Files.readAllBytes(files.directory().resolve("data_batch.bin")));
            assertArrayEquals(
                    Files.readAllBytes(FIXTURE.resolve("test_batch.bin")),
                    Files.readAllBytes(files.directory().resolve("test_batch.bin")));
        } finally {
            deleteJoinedCopy(files.directory());
        }
    }

    @Test
    void officialLayoutWithAMissingPartIsAnErrorNamingThePart() throws IOException {
        writeOfficialLayout();
        Files.delete(dir.resolve("data_batch_3.bin"));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(dir.resolve("data_batch_3.bin").toString()), e.getMessage());
    }

    @Test
    void officialLayoutWithABadPartIsAnErrorNamingThePart() throws IOException {
        writeOfficialLayout();
        Path part = dir.resolve("data_batch_4.bin");
        byte[] bytes = Files.readAllBytes(part);
        bytes[2 * RECORD] = 11;
        Files.write(part, bytes);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.check(dir));
        assertTrue(e.getMessage().contains(part.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("record 2"), e.getMessage());
        assertTrue(e.getMessage().contains("label 11"), e.getMessage());
    }

    private void copyFixture() throws IOException {
        Files.copy(FIXTURE.resolve("data_batch.bin"), dir.resolve("data_batch.bin"));
        Files.copy(FIXTURE.resolve("test_batch.bin"), dir.resolve("test_batch.bin"));
    }

    /** The fixture's 300 training records as data_batch_1..5.bin of 60 records each. */
    private void writeOfficialLayout() throws IOException {
        byte[] train = Files.readAllBytes(FIXTURE.resolve("data_batch.bin"));
        int part = 60 * RECORD;
        for (int i = 0; i < 5; i++) {
            Files.write(dir.resolve("data_batch_" + (i + 1) + ".bin"),
                    Arrays.copyOfRange(train, i * part, (i + 1) * part));
        }
        Files.copy(FIXTURE.resolve("test_batch.bin"), dir.resolve("test_batch.bin"));
    }

    /** Removes the temporary folder check() made, and nothing else (never the fixture). */
    static void deleteJoinedCopy(Path root) throws IOException {
        if (!root.getFileName().toString().startsWith("backprop-lab-cifar10-") || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
