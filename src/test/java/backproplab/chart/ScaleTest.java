package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ScaleTest {

    private static XYChart chart(String name, double[] y, Color color) {
        XYChart chart = Panels.lineChart("t", "step", "y");
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 * i;
        }
        Panels.addLine(chart, name, x, y, color);
        return chart;
    }

    /**
     * Past four values beyond an edge the legend says how many and the farthest; below a log axis
     * (a cosine schedule's last update ratios) the triangles point down; zeros, which a log axis
     * cannot show, are gaps and not "below" it.
     */
    @Test
    void manyValuesBeyondAnEdgeAreCountedAndTheFarthestGiven() {
        XYChart ratio = chart("linear4", new double[] {1e-2, 1e-3, 2e-6, 3.1e-11, 4e-7, 5e-6, 6e-6, Double.NaN},
                Palette.at(3));
        Scale.UPDATE_RATIO.apply(ratio);
        List<String> names = List.copyOf(ratio.getSeriesMap().keySet());
        assertTrue(names.contains("below the axis: 5 values, to 3.1e-11"), names.toString());
        XYSeries line = ratio.getSeriesMap().get("linear4");
        assertEquals(List.of(1e-2, 1e-3), List.of(line.getYData()[0], line.getYData()[1]));
        for (int i = 2; i < 8; i++) {
            assertTrue(Double.isNaN(line.getYData()[i]), "step " + 100 * i + " is not drawn inside the axis");
        }
        XYSeries mark = ratio.getSeriesMap().get("linear4 below the axis at 300.0");
        assertEquals(1e-5, mark.getYData()[0], "at the bottom edge");
        assertEquals(Palette.at(3), mark.getMarkerColor());
    }

    @Test
    void theRulesSayEveryAxis() {
        assertEquals("linear, 0 to 2.4", Scale.LOSS.rule());
        assertEquals("logarithmic, 1e-5 to 1", Scale.UPDATE_RATIO.rule());
        assertEquals("logarithmic, 0.001 to 1000", Scale.GRADIENT_NORM.rule());
        assertTrue(Scale.rules().startsWith("accuracy linear, 0 to 1; loss linear, 0 to 2.4; gradient norm"),
                Scale.rules());
        assertEquals(List.of("97.3", "0.0123", "3.1e-11", "1e-5", "0", "1000"), List.of(Scale.shown(97.3),
                Scale.shown(0.0123), Scale.shown(3.1e-11), Scale.shown(1e-5), Scale.shown(0), Scale.shown(1000)));
    }
}
