package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.train.EvalPoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

class CurvesChartTest {

    /** A first evaluation far from the later ones, as with unscaled pixels: loss 40, accuracy 0.03. */
    private static final List<List<EvalPoint>> RUN = List.of(List.of(
            new EvalPoint(1, 40.0, 0.03, 35.0, 0.10, 1, 100),
            new EvalPoint(500, 1.2, 0.80, 1.1, 0.76, 2, 100)));

    @Test
    void lossWithAWideSpreadGetsALogarithmicAxis() {
        assertTrue(CurvesChart.panel("Loss", Metric.LOSS, RUN)
                .getStyler().isYAxisLogarithmic());
    }

    @Test
    void accuracyStaysLinearEvenWhenItStartsNearZero() {
        assertFalse(CurvesChart.panel("Accuracy", Metric.ACCURACY, RUN)
                .getStyler().isYAxisLogarithmic());
    }

    /** Figures 1 and 2 title their panels "Accuracy: mlp-numpy (section 1.2)" and the like. */
    @Test
    void theMetricNotThePanelTitleSetsAxisAndLegend() {
        XYChart accuracy = CurvesChart.panel("Accuracy: mlp-numpy (section 1.2)", Metric.ACCURACY, RUN);
        XYChart loss = CurvesChart.panel("Loss: mlp-numpy (section 1.2)", Metric.LOSS, RUN);
        assertFalse(accuracy.getStyler().isYAxisLogarithmic());
        assertTrue(loss.getStyler().isYAxisLogarithmic());
        assertEquals(Styler.LegendPosition.InsideSE, accuracy.getStyler().getLegendPosition());
        assertEquals(Styler.LegendPosition.InsideNE, loss.getStyler().getLegendPosition(), "loss falls: legend high");
    }
}
