package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarDataTest {

    static final Path FIXTURE = Path.of("src/test/resources/cifar10-fixture");
    static final int RECORD = 3073;
    static final int PIXELS = 3072;
    static final double TOLERANCE = 1e-3;

    static byte[] trainBytes;
    static byte[] testBytes;
    /** Per-pixel mean of the 300 training images, CHW order (the byte order after the label). */
    static double[] meanImage;

    @BeforeAll
    static void readRawBytes() throws IOException {
        trainBytes = Files.readAllBytes(FIXTURE.resolve("data_batch.bin"));
        testBytes = Files.readAllBytes(FIXTURE.resolve("test_batch.bin"));
        int n = trainBytes.length / RECORD;
        meanImage = new double[PIXELS];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < PIXELS; i++) {
                meanImage[i] += pixel(trainBytes, r, i);
            }
        }
        for (int i = 0; i < PIXELS; i++) {
            meanImage[i] /= n;
        }
    }

    /** Pixel i (= c*1024 + y*32 + x) of record r, 0-255. */
    static int pixel(byte[] file, int r, int i) {
        return Byte.toUnsignedInt(file[r * RECORD + 1 + i]);
    }

    static long[] labels(byte[] file) {
        long[] labels = new long[file.length / RECORD];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = Byte.toUnsignedInt(file[r * RECORD]);
        }
        return labels;
    }

    static void assertImagesAreRawMinusTrainMean(byte[] file, float[] actual) {
        int n = file.length / RECORD;
        assertEquals(n * PIXELS, actual.length);
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < PIXELS; i++) {
                double expected = pixel(file, r, i) - meanImage[i];
                float got = actual[r * PIXELS + i];
                if (Math.abs(got - expected) > TOLERANCE) {
                    throw new AssertionError(String.format(
                            "record %d pixel %d (c=%d y=%d x=%d): expected %.4f, got %.4f",
                            r, i, i / 1024, i / 32 % 32, i % 32, expected, got));
                }
            }
        }
    }

    @Test
    void shapesAndTypes() {
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, FIXTURE)) {
            assertEquals(new Shape(300, 3072), data.trainImages().getShape());
            assertEquals(new Shape(100, 3072), data.testImages().getShape());
            assertEquals(new Shape(300), data.trainLabels().getShape());
            assertEquals(new Shape(100), data.testLabels().getShape());
            assertEquals(DataType.FLOAT32, data.trainImages().getDataType());
            assertEquals(DataType.FLOAT32, data.testImages().getDataType());
            assertEquals(DataType.INT64, data.trainLabels().getDataType());
            assertEquals(DataType.INT64, data.testLabels().getDataType());
            assertEquals(300, data.trainSize());
            assertEquals(100, data.testSize());
        }
    }

    @Test
    void labelsAreTheLabelBytes() {
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, FIXTURE)) {
            assertArrayEquals(labels(trainBytes), data.trainLabels().toLongArray());
            assertArrayEquals(labels(testBytes), data.testLabels().toLongArray());
        }
    }

    @Test
    void trainImagesAreRawChwMinusTrainMean() {
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, FIXTURE)) {
            assertImagesAreRawMinusTrainMean(trainBytes, data.trainImages().toFloatArray());
        }
    }

    @Test
    void testImagesAreRawChwMinusTrainMean() {
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, FIXTURE)) {
            assertImagesAreRawMinusTrainMean(testBytes, data.testImages().toFloatArray());
        }
    }

    @Test
    void trainImagesHaveZeroMeanPerPixel() {
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, FIXTURE)) {
            float[] images = data.trainImages().toFloatArray();
            double[] mean = new double[PIXELS];
            for (int k = 0; k < images.length; k++) {
                mean[k % PIXELS] += images[k];
            }
            for (int i = 0; i < PIXELS; i++) {
                double m = mean[i] / 300;
                assertTrue(Math.abs(m) < 1e-3, "pixel " + i + " has mean " + m);
            }
        }
    }

    @Test
    void sourceNamesTheLocalFolder() {
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, FIXTURE)) {
            // Relative to the project: committed results name no machine's folders.
            assertEquals("CIFAR-10 binaries from src/test/resources/cifar10-fixture", data.source());
        }
    }

    @Test
    void officialLayoutLoadsTheSameImagesAsTheJoinedFile(@TempDir Path dir) throws IOException {
        int part = 60 * RECORD;
        for (int i = 0; i < 5; i++) {
            Files.write(dir.resolve("data_batch_" + (i + 1) + ".bin"),
                    Arrays.copyOfRange(trainBytes, i * part, (i + 1) * part));
        }
        Files.write(dir.resolve("test_batch.bin"), testBytes);
        Files.writeString(dir.resolve(CifarFiles.SUBSET_MANIFEST), "data_batch_1.bin=60\ndata_batch_2.bin=60\n"
                + "data_batch_3.bin=60\ndata_batch_4.bin=60\ndata_batch_5.bin=60\ntest_batch.bin=100\n");
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, dir)) {
            assertArrayEquals(labels(trainBytes), data.trainLabels().toLongArray());
            assertArrayEquals(labels(testBytes), data.testLabels().toLongArray());
            assertImagesAreRawMinusTrainMean(trainBytes, data.trainImages().toFloatArray());
            assertImagesAreRawMinusTrainMean(testBytes, data.testImages().toFloatArray());
        }
    }

    @Test
    void closingTheDataFreesItsArraysButNotTheParent() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CifarData data = CifarData.load(manager, FIXTURE);
            data.close();
            assertTrue(data.trainImages().isReleased());
            assertTrue(data.testLabels().isReleased());
            assertTrue(manager.isOpen());
        }
    }
}
