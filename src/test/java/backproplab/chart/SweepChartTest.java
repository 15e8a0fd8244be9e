package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.train.EvalPoint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepChartTest {

    @Test
    void aLearningRateAxisLabelsEveryValueAsTheCommandGaveIt() {
        // On a log axis XChart would label 1e-3 alone of these; one step per value labels each.
        Function<Double, String> labels = SweepChart.valueLabels(List.of("5e-4", "1e-3", "2e-3"));
        assertEquals("5e-4", labels.apply(0.0));
        assertEquals("1e-3", labels.apply(1.0));
        assertEquals("2e-3", labels.apply(2.0));
        assertEquals("", labels.apply(0.5), "no label between two values");
        assertEquals("", labels.apply(3.0), "none past the last");
        assertEquals("", labels.apply(-1.0));
    }

    /**
     * A sweep with diverged points draws each as a red cross at its final test accuracy (0 when it
     * made no evaluation), on the accuracy axis from 0 to 1 that every figure has.
     */
    @ParameterizedTest
    @CsvSource({"0.85, true", "NaN, false", "0.05, false"})
    void divergedPointsAreMarkedAtTheirFinalAccuracy(double reached, boolean upperHalf) throws Exception {
        List<EvalPoint> run = List.of(new EvalPoint(1, 2, 0.1, 2, 0.2, 0, 0), new EvalPoint(10, 1, 0.3, 1, 0.4, 0, 0));
        List<EvalPoint> diverged = List.of(new EvalPoint(1, 2, 0.1, 2, 0.15, 0, 0));
        List<SweepChart.Point> points = List.of(
                new SweepChart.Point(List.of("1e-3"), List.of(run), 0.4, 0.4, false, "", null, null),
                new SweepChart.Point(List.of("1e-2"), List.of(diverged), reached, 0.15, true, " (diverged)", null, null));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                SweepChart.png("t", List.of("learningRate"), points, true)));
        // The right panel's plot, its upper and lower half (above the legend and its own red cross): the
        // cross is drawn in the red of wrong predictions.
        int middle = Panels.TITLE_HEIGHT + Panels.PANEL_HEIGHT / 2 - 40;
        assertEquals(upperHalf, red(image, Panels.TITLE_HEIGHT + 30, middle) > 10, "upper half");
        assertEquals(!upperHalf, red(image, middle, Panels.TITLE_HEIGHT + Panels.PANEL_HEIGHT - 80) > 10, "lower half");
    }

    private static int red(BufferedImage image, int fromY, int toY) {
        int red = 0;
        for (int x = Panels.PANEL_WIDTH; x < image.getWidth(); x++) {
            for (int y = fromY; y < toY; y++) {
                int rgb = image.getRGB(x, y);
                red += (rgb >> 16 & 0xFF) > 150 && (rgb >> 8 & 0xFF) < 110 && (rgb & 0xFF) < 110 ? 1 : 0;
            }
        }
        return red;
    }
}
