package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import backproplab.config.Input;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** -Dinput: the course's mean image, or each channel standardized over the training set. */
class PreprocessingTest {

    private static final Path FIXTURE = Path.of("src/test/resources/cifar10-fixture");

    @BeforeAll
    static void engine() {
        Engine.getInstance();
    }

    /** The course's preprocessing is the data as it is held: the same array, the mean image subtracted, no scale. */
    @Test
    void theCoursesPreprocessingIsTheMeanImageAlone() {
        try (NDManager manager = NDManager.newBaseManager(); CifarData data = CifarData.load(manager, FIXTURE)) {
            Preprocessing course = Preprocessing.of(Input.MEAN_IMAGE, data, manager);
            assertSame(data.trainImages(), course.apply(data.trainImages()));
            assertArrayEquals(data.meanImage().toFloatArray(), course.subtracted());
            assertNull(course.scale());
        }
    }

    /**
     * Each channel's mean and standard deviation, computed here in double from the raw bytes of
     * the fixture's training file, are what standardize subtracts and divides by; the training
     * images it gives have mean 0 and standard deviation 1 in each channel.
     */
    @Test
    void standardizeGivesEachChannelMeanZeroAndStandardDeviationOne() throws IOException {
        byte[] records = Files.readAllBytes(FIXTURE.resolve("data_batch.bin"));
        int count = records.length / CifarFiles.RECORD_BYTES;
        int plane = CifarData.PIXELS / 3;
        try (NDManager manager = NDManager.newBaseManager(); CifarData data = CifarData.load(manager, FIXTURE)) {
            Preprocessing standardize = Preprocessing.of(Input.STANDARDIZE, data, manager);
            float[] subtracted = standardize.subtracted();
            float[] scale = standardize.scale();
            NDArray images = standardize.apply(data.trainImages());
            float[] standardized = images.toFloatArray();
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                double squares = 0;
                double standardizedSum = 0;
                double standardizedSquares = 0;
                for (int r = 0; r < count; r++) {
                    for (int p = c * plane; p < (c + 1) * plane; p++) {
                        double pixel = Byte.toUnsignedInt(records[r * CifarFiles.RECORD_BYTES + 1 + p]);
                        sum += pixel;
                        squares += pixel * pixel;
                        double s = standardized[r * CifarData.PIXELS + p];
                        standardizedSum += s;
                        standardizedSquares += s * s;
                    }
                }
                double n = (double) count * plane;
                double mean = sum / n;
                double std = Math.sqrt(squares / n - mean * mean);
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    assertEquals(mean, subtracted[p], 1e-3, "channel " + c + " mean");
                    assertEquals(1 / std, scale[p], 1e-6 / std, "channel " + c + " scale");
                }
                assertEquals(0, standardizedSum / n, 1e-4, "channel " + c + " standardized mean");
                assertEquals(1, Math.sqrt(standardizedSquares / n - Math.pow(standardizedSum / n, 2)), 1e-4,
                        "channel " + c + " standardized std");
            }
        }
    }
}
