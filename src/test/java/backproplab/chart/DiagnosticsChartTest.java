package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.config.Activation;
import backproplab.diagnostics.ActivationStats;
import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.ParameterStats;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class DiagnosticsChartTest {

    /** Two steps of an MLP with batch norm whose second ReLU is dead: a zero gradient and a zero std. */
    static Diagnostics run(double scale) {
        return new Diagnostics(List.of(
                new ParameterStats(1, "linear1", 1, 0.1, 2 * scale, 0.2, 1e-2),
                new ParameterStats(1, "batchnorm1", 1, 0, 0.1, 0.01, 1e-4),
                new ParameterStats(1, "linear2", 1, 0.1, 0, 0, 0),
                new ParameterStats(100, "linear1", 1, 0.1, 1 * scale, 0.1, 1e-3),
                new ParameterStats(100, "batchnorm1", 1, 0, 0.1, 0.01, 1e-4),
                new ParameterStats(100, "linear2", 1, 0.1, 0.5, 0.05, 2e-3)),
                List.of(new ActivationStats(1, "relu1", 100, 150, 0.5, 0),
                        new ActivationStats(1, "relu2", 0, 0, 1, 1),
                        new ActivationStats(100, "relu1", 90, 120, 0.5, 0),
                        new ActivationStats(100, "relu2", 0.5, 0.4, 0.9, 0.8)));
    }

    /** Four panels, each quantity on its one axis whatever the run: so that two runs' figures compare. */
    @Test
    void aRunsLayersAreDrawnInFourPanelsEachQuantityOnItsOwnAxis() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(DiagnosticsChart.png("t", run(1))));
        assertEquals(2 * Panels.PANEL_WIDTH, image.getWidth());
        assertEquals(2 * Panels.PANEL_HEIGHT + Panels.TITLE_HEIGHT, image.getHeight());
        for (double scale : new double[] {1, 1000}) {
            XYChart std = DiagnosticsChart.activationPanel("s", "y", run(scale), ActivationStats::std, false);
            assertTrue(std.getStyler().isYAxisLogarithmic());
            assertEquals(List.of(0.1, 1000.0), List.of(std.getStyler().getYAxisMin(), std.getStyler().getYAxisMax()));
            assertTrue(Double.isNaN(std.getSeriesMap().get("relu2").getYData()[0]), "a dead layer's 0 is a gap there");
            XYChart gradient = DiagnosticsChart.weightPanel("g", "y", run(scale), ParameterStats::gradientNorm,
                    Scale.GRADIENT_NORM);
            assertEquals(List.of(1e-3, 1e3), List.of(gradient.getStyler().getYAxisMin(),
                    gradient.getStyler().getYAxisMax()));
        }
        XYChart dead = DiagnosticsChart.activationPanel("d", "y", run(1), ActivationStats::deadFraction, true);
        assertEquals(List.of(0.0, 1.0), List.of(dead.getStyler().getYAxisMin(), dead.getStyler().getYAxisMax()));
        XYChart ratio = DiagnosticsChart.weightPanel("r", "y", run(1), ParameterStats::updateRatio, Scale.UPDATE_RATIO);
        assertEquals(List.of("linear1", "batchnorm1", "linear2", "1e-3 (rule of thumb)"),
                List.copyOf(ratio.getSeriesMap().keySet()));
        assertEquals(List.of(1e-5, 1.0), List.of(ratio.getStyler().getYAxisMin(), ratio.getStyler().getYAxisMax()));
    }

    /** A layer's colour and marker follow its place in the network; a batch norm takes those of the layer before, dashed. */
    @Test
    void eachLayerHasTheStyleOfItsPlace() {
        XYChart gradient = DiagnosticsChart.weightPanel("g", "y", run(1), ParameterStats::gradientNorm,
                Scale.GRADIENT_NORM);
        XYSeries linear1 = gradient.getSeriesMap().get("linear1");
        XYSeries batchnorm1 = gradient.getSeriesMap().get("batchnorm1");
        XYSeries linear2 = gradient.getSeriesMap().get("linear2");
        assertEquals(Palette.at(0), linear1.getLineColor());
        assertEquals(linear1.getLineColor(), batchnorm1.getLineColor());
        assertEquals(linear1.getMarker(), batchnorm1.getMarker());
        assertEquals(LayerStyles.DASHED, batchnorm1.getLineStyle());
        assertEquals(Palette.at(1), linear2.getLineColor());
        assertNotEquals(linear1.getMarker(), linear2.getMarker());
        XYChart std = DiagnosticsChart.activationPanel("s", "y", run(1), ActivationStats::std, false);
        assertEquals(linear2.getLineColor(), std.getSeriesMap().get("relu2").getLineColor(), "relu2 follows linear2");
    }

    /** The activation panels are titled by the activation the rows' layer names tell (relu1: ReLU). */
    @Test
    void theActivationIsToldByItsLayersNames() throws Exception {
        assertEquals(Activation.Kind.RELU, DiagnosticsChart.activationKind(List.of("relu1", "relu2")));
        assertEquals(Activation.Kind.LEAKY_RELU, DiagnosticsChart.activationKind(List.of("leakyRelu1", "leakyRelu12")));
        assertEquals(Activation.Kind.ELU, DiagnosticsChart.activationKind(List.of("elu1")));
        assertEquals(Activation.Kind.TANH, DiagnosticsChart.activationKind(List.of("tanh1", "tanh2")));
        assertNull(DiagnosticsChart.activationKind(List.of("relu1", "tanh2")), "several kinds");
        assertNull(DiagnosticsChart.activationKind(List.of()), "none");
        Diagnostics tanh = new Diagnostics(run(1).parameters(), List.of(new ActivationStats(1, "tanh1", 0.1, 0.5, 0, 0),
                new ActivationStats(100, "tanh1", 0.2, 0.9, 0, 0.3)));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(DiagnosticsChart.png("t", tanh)));
        assertEquals(2 * Panels.PANEL_WIDTH, image.getWidth());
    }

    @Test
    void runsAreComparedOverTheLinearLayersTheyAllHave() throws Exception {
        Map<String, Diagnostics> runs = new LinkedHashMap<>();
        runs.put("a", run(1));
        runs.put("b", run(3));
        assertEquals(List.of("linear1", "linear2"), LayerComparisonChart.commonLinearLayers(runs.values()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(LayerComparisonChart.png("t", runs,
                Map.of("a", Palette.at(0), "b", Palette.at(1)), 100)));
        assertEquals(2 * Panels.PANEL_WIDTH + LayerComparisonChart.LEGEND_WIDTH, image.getWidth(),
                "the legend beside the right-hand column only");
    }

    /**
     * Lines within 2% of each other at every layer lie on one another: each is drawn wider by as
     * many as lie on it after it, so that it shows as a rim under them; a line 10% off is not.
     */
    @Test
    void linesOnOneAnotherAreFoundInTheOrderDrawn() {
        List<double[]> lines = List.of(new double[] {1, 2, 3}, new double[] {1.01, 2.02, 2.99},
                new double[] {1, 2, 3.001}, new double[] {1.1, 2, 3});
        assertEquals(1, LayerComparisonChart.firstLater(lines, 0));
        assertEquals(2, LayerComparisonChart.firstLater(lines, 1));
        assertEquals(-1, LayerComparisonChart.firstLater(lines, 2), "10% off at linear1: apart");
        assertEquals(-1, LayerComparisonChart.firstLater(lines, 3), "the last drawn is on top");
        assertEquals(-1, LayerComparisonChart.firstLater(List.of(new double[] {1, Double.NaN}, new double[] {1,
            Double.NaN}), 0), "a layer without a value: not known to be the same");
    }
}
