package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.train.EvalPoint;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ComparisonChartTest {

    private static EvalPoint at(int step, double testAccuracy) {
        return new EvalPoint(step, 1.0, 0.5, 1.0, testAccuracy, step, 100);
    }

    @Test
    void aRunRepeatedByALongerOneIsRecognised() {
        List<EvalPoint> short1500 = List.of(at(1, 0.1), at(100, 0.3), at(200, 0.4));
        List<EvalPoint> long3000 = List.of(at(1, 0.1), at(100, 0.3), at(200, 0.4), at(300, 0.45));
        assertTrue(ComparisonChart.sameCurve(short1500, long3000));
        assertFalse(ComparisonChart.sameCurve(long3000, short1500), "the longer run has a step the shorter lacks");
        assertFalse(ComparisonChart.sameCurve(short1500, List.of(at(1, 0.1), at(100, 0.31), at(200, 0.4))));
        assertFalse(ComparisonChart.sameCurve(List.of(), long3000));
    }

    /** The shorter run lies exactly under the longer one: it is drawn wide, so that it shows around it. */
    @Test
    void aHiddenRunIsDrawnWideEnoughToShowUnderTheOneThatRepeatsIt() throws Exception {
        Map<String, List<EvalPoint>> runs = new LinkedHashMap<>();
        runs.put("short", List.of(at(1, 0.1), at(100, 0.3), at(200, 0.4), at(300, 0.45)));
        runs.put("long", List.of(at(1, 0.1), at(100, 0.3), at(200, 0.4), at(300, 0.45), at(400, 0.5)));
        Map<String, Color> colors = Map.of("short", Palette.at(0), "long", Palette.at(1));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ComparisonChart.testAccuracy("two runs", runs,
                colors)));
        int hidden = count(image, Palette.at(0));
        int onTop = count(image, Palette.at(1));
        // The long run's line and markers are on top; the short run's wide line shows on both sides
        // of it, far more than its legend entry would.
        assertTrue(onTop > 500, "the run on top is drawn: " + onTop + " pixels");
        assertTrue(hidden > 1000, "the hidden run shows around it: " + hidden + " pixels");
    }

    private static int count(BufferedImage image, Color color) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }
}
