package backproplab.data;

import backproplab.util.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * CIFAR-10's binary version, checked record by record before any training starts and read into
 * native memory. A local folder holds either the official release's layout
 * ({@code data_batch_1.bin} .. {@code data_batch_5.bin}, {@code test_batch.bin}, 10,000 records
 * each) or DJL's ({@code data_batch.bin} with all 50,000 training records, {@code test_batch.bin});
 * any other record count is an error. A folder that is a deliberate subset (the tests' fixture)
 * says so in {@value #SUBSET_MANIFEST}, which gives each file's record count.
 */
public final class CifarFiles {

    /** One record: a label byte, then the R, G and B planes of a 32x32 image. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    static final long OFFICIAL_BATCH_RECORDS = 10_000;
    static final long TRAIN_RECORDS = 50_000;
    static final long TEST_RECORDS = 10_000;

    /** The largest split a direct buffer (int-indexed) holds: whole records, at most 2 GiB - 1 bytes. */
    static final long MAX_SPLIT_BYTES = Integer.MAX_VALUE / RECORD_BYTES * (long) RECORD_BYTES;

    /** File name -> record count, for a folder that holds a subset of CIFAR-10 on purpose. */
    public static final String SUBSET_MANIFEST = "cifar10-subset.properties";

    /** The official binary release, for users with a network. */
    public static final String BINARY_RELEASE = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

    static final String HOW_TO_GET =
            "point -Ddata at a folder with CIFAR-10's binary version (" + BINARY_RELEASE + ", unpacked:"
                    + " data_batch_1.bin .. data_batch_5.bin and test_batch.bin, or DJL's data_batch.bin and"
                    + " test_batch.bin), or leave -Ddata out to download CIFAR-10";

    /** The records of one split, one after another in a direct buffer (label byte, then pixels). */
    public record Split(ByteBuffer records, long count) {}

    /** Both splits. */
    public record Records(Split train, Split test) {}

    private CifarFiles() {}

    /**
     * Checks a local data folder and reads it.
     *
     * @throws UserError naming the file at fault when a folder or file is missing, a file is not a
     *     whole number of records or holds another number of records than its layout has, a
     *     split's files hold more than one buffer can (2 GiB), or a label byte is above 9
     */
    public static Records read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new UserError("data folder " + directory + " does not exist: " + HOW_TO_GET);
        }
        Properties subset = subsetManifest(directory);
        List<Path> trainParts = new ArrayList<>();
        long partRecords;
        String layout;
        if (Files.exists(directory.resolve("data_batch.bin"))) {
            trainParts.add(directory.resolve("data_batch.bin"));
            partRecords = TRAIN_RECORDS;
            layout = "DJL's layout has " + TRAIN_RECORDS + " (the five training batches joined)";
        } else if (Files.exists(directory.resolve("data_batch_1.bin"))) {
            for (int i = 1; i <= 5; i++) {
                trainParts.add(requireFile(directory.resolve("data_batch_" + i + ".bin")));
            }
            partRecords = OFFICIAL_BATCH_RECORDS;
            layout = "the official layout has " + OFFICIAL_BATCH_RECORDS
                    + " in each of data_batch_1.bin .. data_batch_5.bin";
        } else {
            throw new UserError(
                    "no data_batch.bin or data_batch_1.bin in " + directory + ": " + HOW_TO_GET);
        }
        Path test = requireFile(directory.resolve("test_batch.bin"));
        // Both splits' sizes first: nothing is allocated before every file is known to fit.
        List<Part> train = sized(trainParts, partRecords, layout, subset);
        List<Part> tests = sized(List.of(test), TEST_RECORDS, "CIFAR-10 has " + TEST_RECORDS + " test images", subset);
        return new Records(readFiles(train), readFiles(tests));
    }

    /**
     * Checks the records of one file held in {@code bytes} (from its position to its limit).
     *
     * @param expected the number of records the file must hold
     * @param expectation where that number comes from, for the error message
     * @return the number of records
     */
    public static long check(String file, ByteBuffer bytes, long expected, String expectation) {
        long records = checkSize(file, bytes.remaining(), expected, expectation);
        int start = bytes.position();
        for (long r = 0; r < records; r++) {
            int label = Byte.toUnsignedInt(bytes.get(start + (int) (r * RECORD_BYTES)));
            if (label > 9) {
                throw new UserError(file + ": record " + r + " has label " + label
                        + ", CIFAR-10 labels are 0-9 (corrupt file?): " + HOW_TO_GET);
            }
        }
        return records;
    }

    /**
     * Checks a file's size alone: a whole number of records, as many as expected.
     *
     * @return the number of records
     */
    static long checkSize(String file, long size, long expected, String expectation) {
        if (size == 0 || size % RECORD_BYTES != 0) {
            throw new UserError(file + " holds " + size + " bytes, not a whole number of " + RECORD_BYTES
                    + "-byte CIFAR-10 records (truncated or not CIFAR-10 binary): " + HOW_TO_GET);
        }
        long records = size / RECORD_BYTES;
        if (records != expected) {
            throw new UserError(file + " holds " + records + " records where " + expectation
                    + " (" + expected + "): the file is cut short or is not CIFAR-10: " + HOW_TO_GET);
        }
        return records;
    }

    /** A file of a split: its size, the record count it must hold and where that count comes from. */
    private record Part(Path file, long bytes, long records, String expectation) {}

    /**
     * The files of one split, each file's size checked against its record count: this comes
     * before any buffer is allocated, so that a file of gigabytes that is not CIFAR-10 ends the run
     * in one line instead of overflowing the buffer's int size or taking that much memory.
     */
    private static List<Part> sized(List<Path> files, long recordsPerFile, String layout, Properties subset) {
        List<Part> parts = new ArrayList<>();
        long total = 0;
        for (Path file : files) {
            long bytes = size(file);
            Part part = subset != null
                    ? new Part(file, bytes, declared(subset, file.getFileName().toString(), file),
                            SUBSET_MANIFEST + " declares")
                    : new Part(file, bytes, recordsPerFile, layout);
            checkSize(file.toString(), bytes, part.records(), part.expectation());
            parts.add(part);
            total += bytes;
        }
        // CIFAR-10's training set is 154 MB: one buffer, far below the 2 GiB a buffer can hold;
        // only a subset manifest can declare more than that.
        if (total > MAX_SPLIT_BYTES) {
            throw new UserError(String.join(", ", files.stream().map(Path::toString).toList())
                    + (files.size() == 1 ? " holds " : " hold ") + total / RECORD_BYTES + " records, more than the "
                    + MAX_SPLIT_BYTES / RECORD_BYTES + " (2 GiB) one split can hold, where CIFAR-10's training set has "
                    + TRAIN_RECORDS + ": make the subset smaller and declare its counts in " + SUBSET_MANIFEST);
        }
        return parts;
    }

    /** The files of one split, each checked record by record, joined into one direct buffer. */
    private static Split readFiles(List<Part> parts) {
        ByteBuffer all = ByteBuffer.allocateDirect((int) parts.stream().mapToLong(Part::bytes).sum());
        long records = 0;
        for (Part part : parts) {
            ByteBuffer bytes = all.slice(all.position(), (int) part.bytes());
            readFully(part.file(), bytes);
            bytes.flip();
            records += check(part.file().toString(), bytes, part.records(), part.expectation());
            all.position(all.position() + bytes.limit());
        }
        all.flip();
        return new Split(all, records);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(Path file, ByteBuffer into) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (into.hasRemaining() && channel.read(into) >= 0) {
                // keep reading
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Properties subsetManifest(Path directory) {
        Path manifest = directory.resolve(SUBSET_MANIFEST);
        if (!Files.exists(manifest)) {
            return null;
        }
        Properties counts = new Properties();
        try (Reader reader = Files.newBufferedReader(manifest)) {
            counts.load(reader);
        } catch (IOException e) {
            throw new UserError("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        return counts;
    }

    private static long declared(Properties subset, String name, Path file) {
        String count = subset.getProperty(name);
        try {
            return Long.parseLong(count.trim());
        } catch (RuntimeException e) {
            throw new UserError(file.resolveSibling(SUBSET_MANIFEST) + " gives no record count for " + name
                    + " (a line " + name + "=N)");
        }
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + " is missing: " + HOW_TO_GET);
        }
        return file;
    }
}
