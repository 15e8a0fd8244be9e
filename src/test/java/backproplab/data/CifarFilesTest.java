package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.UserError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarFilesTest {

    static final Path FIXTURE = Path.of("src/test/resources/cifar10-fixture");
    static final int RECORD = 3073;

    @TempDir
    Path dir;

    @Test
    void readsTheFixtureRecordsByteForByte() throws IOException {
        CifarFiles.Records records = CifarFiles.read(FIXTURE);
        assertEquals(300, records.train().count());
        assertEquals(100, records.test().count());
        assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("data_batch.bin")), bytes(records.train()));
        assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("test_batch.bin")), bytes(records.test()));
    }

    @Test
    void anOfficialBatchWithTooFewWholeRecordsIsAnErrorNamingTheFileAndBothCounts() throws IOException {
        for (int i = 1; i <= 5; i++) {
            sparse(dir.resolve("data_batch_" + i + ".bin"), i == 3 ? 5_000 : 10_000);
        }
        sparse(dir.resolve("test_batch.bin"), 10_000);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("data_batch_3.bin").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("5000 records") && e.getMessage().contains("10000"), e.getMessage());
    }

    @Test
    void djlsTrainingFileWithAnotherCountIsAnError() throws IOException {
        sparse(dir.resolve("data_batch.bin"), 49_999);
        sparse(dir.resolve("test_batch.bin"), 10_000);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("data_batch.bin").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("49999 records") && e.getMessage().contains("50000"), e.getMessage());
    }

    @Test
    void aTestFileWithAnotherCountIsAnError() throws IOException {
        sparse(dir.resolve("data_batch.bin"), 50_000);
        sparse(dir.resolve("test_batch.bin"), 10_001);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("10001 records") && e.getMessage().contains("10000"), e.getMessage());
    }

    @Test
    void theFullLayoutsAreAccepted() throws IOException {
        sparse(dir.resolve("data_batch.bin"), 50_000);
        sparse(dir.resolve("test_batch.bin"), 10_000);
        assertEquals(50_000, CifarFiles.read(dir).train().count());
    }

    /** 3 GiB, sparse: the size is refused before a buffer of it is allocated (its int size would overflow). */
    @Test
    void aFileOverTwoGibibytesIsAnErrorNamingIt() throws IOException {
        Path big = dir.resolve("data_batch.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        sparse(dir.resolve("test_batch.bin"), 10_000);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().startsWith(big + " holds " + (3L << 30) + " bytes, not a whole number of 3073-byte"),
                e.getMessage());
        assertTrue(e.getMessage().contains("point -Ddata at"), e.getMessage());
    }

    /** Whole records, as many as the manifest declares, but more than one buffer holds. */
    @Test
    void aSubsetOfMoreThanTwoGibibytesIsAnErrorNamingIt() throws IOException {
        Path big = dir.resolve("data_batch.bin");
        sparse(big, 700_000);
        sparse(dir.resolve("test_batch.bin"), 100);
        Files.writeString(dir.resolve(CifarFiles.SUBSET_MANIFEST), "data_batch.bin=700000\ntest_batch.bin=100\n");
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().startsWith(big + " holds 700000 records, more than the 698823 (2 GiB) one split can hold"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("make the subset smaller and declare its counts in "
                + CifarFiles.SUBSET_MANIFEST), e.getMessage());
    }

    @Test
    void aSubsetIsCheckedAgainstTheCountsItsManifestDeclares() throws IOException {
        copyFixture();
        Files.writeString(dir.resolve(CifarFiles.SUBSET_MANIFEST), "data_batch.bin=300\ntest_batch.bin=99\n");
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains("100 records") && e.getMessage().contains("(99)"), e.getMessage());
    }

    @Test
    void missingFolderIsAnErrorNamingTheFolder() {
        Path missing = dir.resolve("no-such-folder");
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void missingTrainingFileIsAnErrorNamingBothAcceptedNames() throws IOException {
        Files.copy(FIXTURE.resolve("test_batch.bin"), dir.resolve("test_batch.bin"));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains("data_batch.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void missingTestFileIsAnErrorNamingIt() throws IOException {
        Files.copy(FIXTURE.resolve("data_batch.bin"), dir.resolve("data_batch.bin"));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
    }

    @Test
    void truncatedTrainingFileIsAnErrorNamingIt() throws IOException {
        copyFixture();
        byte[] bytes = Files.readAllBytes(FIXTURE.resolve("data_batch.bin"));
        Files.write(dir.resolve("data_batch.bin"), Arrays.copyOf(bytes, bytes.length - 100));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("data_batch.bin").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(bytes.length - 100)), e.getMessage());
    }

    @Test
    void truncatedTestFileIsAnErrorNamingIt() throws IOException {
        copyFixture();
        byte[] bytes = Files.readAllBytes(FIXTURE.resolve("test_batch.bin"));
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(bytes, bytes.length - 1));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
    }

    @Test
    void emptyFileIsAnErrorNamingIt() throws IOException {
        copyFixture();
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
    }

    @Test
    void labelAboveNineIsAnErrorNamingFileRecordAndLabel() throws IOException {
        copyFixture();
        Path file = dir.resolve("data_batch.bin");
        byte[] bytes = Files.readAllBytes(file);
        bytes[5 * RECORD] = 10;
        Files.write(file, bytes);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
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
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("record 99"), e.getMessage());
        assertTrue(e.getMessage().contains("label 200"), e.getMessage());
    }

    @Test
    void officialLayoutIsJoinedIntoOneTrainingSplit() throws IOException {
        writeOfficialLayout();
        CifarFiles.Records records = CifarFiles.read(dir);
        assertEquals(300, records.train().count());
        assertEquals(100, records.test().count());
        assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("data_batch.bin")), bytes(records.train()));
        assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("test_batch.bin")), bytes(records.test()));
    }

    @Test
    void officialLayoutWithAMissingPartIsAnErrorNamingThePart() throws IOException {
        writeOfficialLayout();
        Files.delete(dir.resolve("data_batch_3.bin"));
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve("data_batch_3.bin").toString()), e.getMessage());
    }

    @Test
    void officialLayoutWithABadPartIsAnErrorNamingThePart() throws IOException {
        writeOfficialLayout();
        Path part = dir.resolve("data_batch_4.bin");
        byte[] bytes = Files.readAllBytes(part);
        bytes[2 * RECORD] = 11;
        Files.write(part, bytes);
        UserError e = assertThrows(UserError.class, () -> CifarFiles.read(dir));
        assertTrue(e.getMessage().contains(part.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("record 2"), e.getMessage());
        assertTrue(e.getMessage().contains("label 11"), e.getMessage());
    }

    private void copyFixture() throws IOException {
        Files.copy(FIXTURE.resolve("data_batch.bin"), dir.resolve("data_batch.bin"));
        Files.copy(FIXTURE.resolve("test_batch.bin"), dir.resolve("test_batch.bin"));
        Files.copy(FIXTURE.resolve(CifarFiles.SUBSET_MANIFEST), dir.resolve(CifarFiles.SUBSET_MANIFEST));
    }

    /** The fixture's 300 training records as data_batch_1..5.bin of 60 records each. */
    private void writeOfficialLayout() throws IOException {
        byte[] train = Files.readAllBytes(FIXTURE.resolve("data_batch.bin"));
        int part = 60 * RECORD;
        StringBuilder manifest = new StringBuilder("test_batch.bin=100\n");
        for (int i = 0; i < 5; i++) {
            Files.write(dir.resolve("data_batch_" + (i + 1) + ".bin"),
                    Arrays.copyOfRange(train, i * part, (i + 1) * part));
            manifest.append("data_batch_").append(i + 1).append(".bin=60\n");
        }
        Files.copy(FIXTURE.resolve("test_batch.bin"), dir.resolve("test_batch.bin"));
        Files.writeString(dir.resolve(CifarFiles.SUBSET_MANIFEST), manifest);
    }

    /** A file of {@code records} all-zero records (label 0, black image), sparse on disk. */
    private static void sparse(Path file, long records) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(records * RECORD);
        }
    }

    private static byte[] bytes(CifarFiles.Split split) {
        ByteBuffer buffer = split.records().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
