package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aRunsLayersAreDrawnInFourPanelsWithLogAxesWhereTheySpreadFar() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(DiagnosticsChart.png("t", run(1))));
        assertEquals(2 * Panels.PANEL_WIDTH, image.getWidth());
        assertEquals(2 * Panels.PANEL_HEIGHT + Panels.TITLE_HEIGHT, image.getHeight());
        XYChart std = DiagnosticsChart.activationPanel("s", "y", run(1), ActivationStats::std, false);
        assertTrue(std.getStyler().isYAxisLogarithmic(), "stds from 0.4 to 150: a log axis");
        assertTrue(Double.isNaN(std.getSeriesMap().get("relu2").getYData()[0]), "a dead layer's 0 is a gap there");
        XYChart dead = DiagnosticsChart.activationPanel("d", "y", run(1), ActivationStats::deadFraction, true);
        assertEquals(1.0, dead.getStyler().getYAxisMax());
        XYChart ratio = DiagnosticsChart.withGuide(DiagnosticsChart.weightPanel("r", "y", run(1),
                ParameterStats::updateRatio));
        assertEquals(List.of("linear1", "batchnorm1", "linear2", "1e-3 (rule of thumb)"),
                List.copyOf(ratio.getSeriesMap().keySet()));
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
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(LayerComparisonChart.png("t", runs, 100)));
        assertEquals(2 * Panels.PANEL_WIDTH + LayerComparisonChart.LEGEND_WIDTH, image.getWidth(),
                "the legend beside the right-hand column only");
    }
}
