package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WeightTilesTest {

    /** A deep MLP's 1024 units: 100 of them, evenly spaced from unit 0, each once. */
    @Test
    void aDeepLayerIsSampledEvenly() {
        int[] chosen = WeightTiles.chosen(1024);
        assertEquals(100, chosen.length);
        assertEquals(0, chosen[0]);
        assertEquals(1013, chosen[99]);
        assertEquals(100, Arrays.stream(chosen).distinct().count());
        assertArrayEquals(new int[] {0, 1, 2}, WeightTiles.chosen(3), "a small layer: every unit");
        assertTrue(WeightTiles.which(1024, "units").startsWith("100 of 1024 units, an even sample"));
        assertEquals("all 64 filters", WeightTiles.which(64, "filters"));
    }

    /**
     * Two 3x3 filters: the first's smallest weight is black and its largest white, whatever its
     * own range (it is scaled alone); each weight is a square of one colour, not blurred.
     */
    @Test
    void eachFilterIsScaledToItsOwnRangeWithoutBlur() throws Exception {
        float[] weights = new float[2 * 27];
        // Filter 0: red plane 0..8 at 100x scale, green and blue at their minimum except one maximum.
        for (int k = 0; k < 27; k++) {
            weights[k] = 0;
        }
        weights[0] = -3;
        weights[8] = 5;
        weights[9 + 8] = 5;
        weights[18 + 8] = 5;
        for (int k = 27; k < 54; k++) {
            weights[k] = 1e-4f * (k - 27);
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(WeightTiles.png("t", List.of("one line"), weights, 2, 3, 3)));
        int scale = (WeightTiles.TILE + 2) / 3;
        int tile = 3 * scale;
        int width = WeightTiles.GAP + 2 * (tile + WeightTiles.GAP);
        int left = (image.getWidth() - width) / 2 + WeightTiles.GAP;
        int top = Panels.TITLE_HEIGHT + WeightTiles.SUBTITLE_LINE + WeightTiles.GAP;
        // Pixel (0, 0) of filter 0: red at its minimum -3, green and blue 0 of [-3, 5].
        int g0 = Math.round(3f / 8 * 255);
        for (int d = 0; d < scale; d++) {
            assertEquals(g0 | (g0 << 8), image.getRGB(left + d, top + scale - 1 - d) & 0xFFFFFF);
        }
        // Pixel (2, 2): 5 in every channel, white.
        assertEquals(0xFFFFFF, image.getRGB(left + 2 * scale, top + 2 * scale) & 0xFFFFFF);
        // Filter 1, scaled alone from 0 to 2.6e-3: its first pixel black in red.
        assertEquals(0, image.getRGB(left + tile + WeightTiles.GAP, top) >> 16 & 0xFF);
    }

    @Test
    void weightsOfAnotherShapeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WeightTiles.png("t", List.of(), new float[10], 2, 3, 3));
    }
}
