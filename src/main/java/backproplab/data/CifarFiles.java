package backproplab.data;

import backproplab.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A local copy of CIFAR-10 in binary form, checked before any training starts. Two layouts are
 * accepted: DJL's ({@code data_batch.bin}, {@code test_batch.bin}) and the official binary
 * release's ({@code data_batch_1.bin} .. {@code data_batch_5.bin}, {@code test_batch.bin}).
 */
public final class CifarFiles {

    /** One record: a label byte, then the R, G and B planes of a 32x32 image. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    static final String HOW_TO_GET =
            "point -Ddata at a folder with data_batch.bin and test_batch.bin (or the official"
                    + " data_batch_1.bin .. data_batch_5.bin and test_batch.bin), or leave -Ddata"
                    + " out to download CIFAR-10";

    private final Path directory;
    private final long trainRecords;
    private final long testRecords;

    private CifarFiles(Path directory, long trainRecords, long testRecords) {
        this.directory = directory;
        this.trainRecords = trainRecords;
        this.testRecords = testRecords;
    }

    /**
     * Checks a local data folder and returns a folder in DJL's layout: the folder itself, or a
     * temporary one where the five official training batches are joined into one file.
     *
     * @throws UserError naming the file at fault when a folder or file is missing, a file is not a
     *     whole number of records, or a label byte is above 9
     */
    public static CifarFiles check(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new UserError("data folder " + directory + " does not exist: " + HOW_TO_GET);
        }
        Path test = directory.resolve("test_batch.bin");
        Path joined = directory.resolve("data_batch.bin");
        List<Path> trainParts = new ArrayList<>();
        if (Files.exists(joined)) {
            trainParts.add(joined);
        } else if (Files.exists(directory.resolve("data_batch_1.bin"))) {
            for (int i = 1; i <= 5; i++) {
                trainParts.add(requireFile(directory.resolve("data_batch_" + i + ".bin")));
            }
        } else {
            throw new UserError(
                    "no data_batch.bin or data_batch_1.bin in " + directory + ": " + HOW_TO_GET);
        }
        requireFile(test);
        long train = 0;
        for (Path part : trainParts) {
            train += checkRecords(part);
        }
        long tests = checkRecords(test);
        Path djlLayout = trainParts.size() == 1 ? directory : joinOfficialBatches(trainParts, test);
        return new CifarFiles(djlLayout, train, tests);
    }

    /** The folder in DJL's layout, to hand to {@code Cifar10} through a local repository. */
    public Path directory() {
        return directory;
    }

    public long trainRecords() {
        return trainRecords;
    }

    public long testRecords() {
        return testRecords;
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + " is missing: " + HOW_TO_GET);
        }
        return file;
    }

    /** Returns the number of records after checking the size and every label byte. */
    static long checkRecords(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0 || size % RECORD_BYTES != 0) {
                throw new UserError(
                        file
                                + " holds "
                                + size
                                + " bytes, not a whole number of "
                                + RECORD_BYTES
                                + "-byte CIFAR-10 records (truncated or not CIFAR-10 binary): "
                                + HOW_TO_GET);
            }
            long records = size / RECORD_BYTES;
            // Files up to 2 GB map in one piece; CIFAR-10's largest is 154 MB.
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            for (long r = 0; r < records; r++) {
                int label = Byte.toUnsignedInt(bytes.get((int) (r * RECORD_BYTES)));
                if (label > 9) {
                    throw new UserError(
                            file
                                    + ": record "
                                    + r
                                    + " has label "
                                    + label
                                    + ", CIFAR-10 labels are 0-9 (corrupt file?): "
                                    + HOW_TO_GET);
                }
            }
            return records;
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** DJL's Cifar10 reads a single training file: join the official five into a temporary one. */
    private static Path joinOfficialBatches(List<Path> parts, Path test) {
        try {
            Path folder = Files.createTempDirectory("backprop-lab-cifar10-");
            Path joined = folder.resolve("data_batch.bin");
            try (OutputStream out = Files.newOutputStream(joined)) {
                for (Path part : parts) {
                    try (InputStream in = Files.newInputStream(part)) {
                        in.transferTo(out);
                    }
                }
            }
            Path testCopy = Files.copy(test, folder.resolve("test_batch.bin"));
            // deleteOnExit runs in reverse order: the folder goes last, once it is empty.
            for (Path p : List.of(folder, joined, testCopy)) {
                p.toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UserError("cannot join the official training batches: " + e.getMessage(), e);
        }
    }
}
