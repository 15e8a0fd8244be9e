package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PanelsTest {

    @Test
    void aTitleTooLongForTheImageIsDrawnSmallerInsideItsMargins() {
        String title = "mlp-deep-adam-wd-bn (section 2, Fig. 6): first 6 test images of each class,"
                + " predicted class below (red: wrong)";
        BufferedImage image = Panels.titled(title, 1070, 10);
        int inked = 0;
        for (int y = 0; y < Panels.TITLE_HEIGHT; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                boolean white = (image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF;
                if (x < Panels.TITLE_MARGIN || x >= image.getWidth() - Panels.TITLE_MARGIN) {
                    assertEquals(true, white, "no ink in the margin at x=" + x + ", y=" + y);
                } else if (!white) {
                    inked++;
                }
            }
        }
        assertTrue(inked > 1000, "the title is drawn: " + inked + " dark pixels");
    }
}
