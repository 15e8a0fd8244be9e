package backproplab.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IndexedPngTest {

    /** A figure of few colours comes back pixel for pixel. */
    @Test
    void fewColoursAreKeptExactly() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0xffffff, 0x1f77b4, 0xff7f0e, 0x000000, 0x808080};
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, colours[(x * 7 + y * 3) % colours.length]);
            }
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(IndexedPng.encode(image)));
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                assertEquals(image.getRGB(x, y) & 0xffffff, back.getRGB(x, y) & 0xffffff, x + "," + y);
            }
        }
    }

    /**
     * Noise of every colour gets 256, each pixel within the error of a 256-box median cut of the
     * cube (worked out: boxes of 32/256^(1/3) = about 5 levels of 5 bits a side, 8 units each).
     */
    @Test
    void manyColoursGet256CloseOnes() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(IndexedPng.encode(image)));
        Set<Integer> used = new HashSet<>();
        double worst = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int a = image.getRGB(x, y);
                int b = back.getRGB(x, y);
                used.add(b & 0xffffff);
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs((a >> shift & 255) - (b >> shift & 255)));
                }
            }
        }
        assertTrue(used.size() <= 256 && used.size() > 200, used.size() + " colours");
        assertTrue(worst <= 48, "worst channel error " + worst);
    }
}
