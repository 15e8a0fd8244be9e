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
     * The committed sweep's accuracies (0.449 to 0.461) once had two labels, 0.45 and 0.46, with a
     * point below the lowest: the axis now runs from a multiple of 0.01 below the lowest value (room
     * for the diverged points' crosses) to the next one above the highest.
     */
    @Test
    void theAccuracyAxisCoversEveryPointWithTicksBelowAndAbove() {
        double[] axis = SweepChart.accuracyAxis(new double[] {0.4488, 0.4603, 0.441}, new double[] {0.4488, 0.4607, 0.441});
        assertEquals(0.43, axis[0], 1e-12);
        assertEquals(0.47, axis[1], 1e-12);
        assertArrayEquals(new double[] {0, 1}, SweepChart.accuracyAxis(new double[] {Double.NaN}, new double[0]));
        double[] high = SweepChart.accuracyAxis(new double[] {0.995}, new double[] {1.0});
        assertEquals(1.0, high[1], 1e-12, "never above 1");
    }

    /** A sweep with diverged points draws them: a red cross at the foot of the value axis for each. */
    @Test
    void divergedPointsAreMarkedWhereTheirValuesAre() throws Exception {
        List<EvalPoint> run = List.of(new EvalPoint(1, 2, 0.1, 2, 0.2, 0, 0), new EvalPoint(10, 1, 0.3, 1, 0.4, 0, 0));
        List<EvalPoint> diverged = List.of(new EvalPoint(1, 2, 0.1, 2, 0.15, 0, 0));
        List<SweepChart.Point> points = List.of(
                new SweepChart.Point(List.of("1e-3"), List.of(run), 0.4, 0.4, false, "", null, null),
                new SweepChart.Point(List.of("1e-2"), List.of(diverged), Double.NaN, Double.NaN, true, " (diverged)", null, null));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                SweepChart.png("t", List.of("learningRate"), points, true)));
        // The right panel, its lower half: the cross is drawn in the red of wrong predictions, anti-aliased.
        int red = 0;
        for (int x = Panels.PANEL_WIDTH; x < image.getWidth(); x++) {
            for (int y = image.getHeight() / 2; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                red += (rgb >> 16 & 0xFF) > 150 && (rgb >> 8 & 0xFF) < 110 && (rgb & 0xFF) < 110 ? 1 : 0;
            }
        }
        assertTrue(red > 10, red + " red pixels");
    }
}
