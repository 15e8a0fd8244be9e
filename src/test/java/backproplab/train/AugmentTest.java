package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.Augmentation;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flips and crops of tiny images whose results are known, and the random draws over a batch. */
class AugmentTest {

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    /** Image i's pixel (c, r, k) is 1 + r * 32 + k (a zero can only be padding). */
    private static NDArray numbered(NDManager manager, int images) {
        float[] values = new float[images * 3 * 32 * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + i % (32 * 32);
        }
        return manager.create(values, new Shape(images, 3, 32, 32));
    }

    @Test
    void aFlipMirrorsTheMarkedImagesLeftToRight() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray flipped = Augment.flip(numbered(manager, 2), new boolean[] {true, false});
            float[] row = flipped.get("0, 2, 5, :").toFloatArray();
            for (int k = 0; k < 32; k++) {
                assertEquals(1 + 5 * 32 + (31 - k), row[k], "image 0, row 5, column " + k);
            }
            assertArrayEquals(numbered(manager, 2).get("1").toFloatArray(), flipped.get("1").toFloatArray(),
                    "image 1 is not marked");
        }
    }

    @Test
    void aCropCutsThe32By32AtItsOffsetOfTheImagePaddedBy4() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = numbered(manager, 3);
            NDArray cropped = Augment.crop(images, new int[] {4, 4, 0, 0, 8, 8});
            assertArrayEquals(images.get("0").toFloatArray(), cropped.get("0").toFloatArray(),
                    "4, 4: the image itself");
            float[][] topLeft = rows(cropped.get("1, 1"));
            float[][] bottomRight = rows(cropped.get("2, 1"));
            for (int r = 0; r < 32; r++) {
                for (int k = 0; k < 32; k++) {
                    // From 0, 0 the first 4 rows and columns are padding; the rest moves down and right by 4.
                    float expected = r < 4 || k < 4 ? 0 : 1 + (r - 4) * 32 + (k - 4);
                    assertEquals(expected, topLeft[r][k], "0, 0 at " + r + ", " + k);
                    // From 8, 8 the image moves up and left by 4, and the last 4 rows and columns are padding.
                    float fromEnd = r >= 28 || k >= 28 ? 0 : 1 + (r + 4) * 32 + (k + 4);
                    assertEquals(fromEnd, bottomRight[r][k], "8, 8 at " + r + ", " + k);
                }
            }
        }
    }

    /** Over 2000 images about half are flipped, the same ones for the same seed, other ones for another. */
    @Test
    void theDrawsFlipAboutHalfAndRepeatWithTheSeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = numbered(manager, 2000).reshape(2000, 3072);
            Engine.getInstance().setRandomSeed(3);
            NDArray once = Augment.apply(images, List.of(Augmentation.FLIP, Augmentation.CROP), manager);
            Engine.getInstance().setRandomSeed(3);
            NDArray again = Augment.apply(images, List.of(Augmentation.FLIP, Augmentation.CROP), manager);
            Engine.getInstance().setRandomSeed(4);
            NDArray other = Augment.apply(images, List.of(Augmentation.FLIP, Augmentation.CROP), manager);
            assertArrayEquals(once.toFloatArray(), again.toFloatArray());
            assertNotEquals(once.sub(other).abs().sum().getFloat(), 0f);
            Engine.getInstance().setRandomSeed(3);
            NDArray flipped = Augment.apply(images, List.of(Augmentation.FLIP), manager).reshape(2000, 3, 32, 32);
            // Pixel (0, 0) of a flipped image holds what column 31 held: 32.
            float[] corner = flipped.get(":, 0, 0, 0").toFloatArray();
            int count = 0;
            for (float v : corner) {
                count += v == 32 ? 1 : 0;
            }
            assertEquals(1000, count, 5 * Math.sqrt(2000 * 0.25), "images flipped (five standard deviations)");
        }
    }

    private static float[][] rows(NDArray image) {
        float[] flat = image.toFloatArray();
        float[][] rows = new float[32][32];
        for (int r = 0; r < 32; r++) {
            System.arraycopy(flat, r * 32, rows[r], 0, 32);
        }
        return rows;
    }
}
