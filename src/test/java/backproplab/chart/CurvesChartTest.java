package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.train.EvalPoint;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
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

    /** The hand-written MLP's loss: 2.3 falling to 1.5, less than a decade. */
    private static final List<List<EvalPoint>> SMALL_SPREAD = List.of(List.of(
            new EvalPoint(1, 2.30, 0.10, 2.30, 0.10, 1, 100),
            new EvalPoint(1500, 1.50, 0.48, 1.55, 0.46, 2, 100)));

    @Test
    void lossSpanningLessThanADecadeStaysLinear() {
        assertFalse(CurvesChart.panel("Loss", Metric.LOSS, SMALL_SPREAD).getStyler().isYAxisLogarithmic());
    }

    @Test
    void aLinearPanelBesideALogarithmicOneKeepsItsOwnAxis() {
        XYChart numpy = CurvesChart.panel("Loss: mlp-numpy", Metric.LOSS, SMALL_SPREAD);
        XYChart djl = CurvesChart.panel("Loss: mlp-djl", Metric.LOSS, RUN);
        Panels.shareYAxis(List.of(numpy, djl));
        assertFalse(numpy.getStyler().isYAxisLogarithmic(), "1.5 .. 2.3 is not squeezed onto a log axis");
        assertTrue(djl.getStyler().isYAxisLogarithmic());
        assertEquals(null, numpy.getStyler().getYAxisMin(), "its range is its own");
    }

    @Test
    void aLogarithmicAxisIsLabelledAtOneTwoAndFiveTimesEachPowerOfTen() {
        XYChart loss = CurvesChart.panel("Loss", Metric.LOSS, RUN);
        // Values 1.1 .. 40 give an axis from 1 to 50 ...
        assertEquals(1.0, loss.getStyler().getYAxisMin());
        assertEquals(50.0, loss.getStyler().getYAxisMax());
        // ... with labels at 1 and 10 (XChart's) and at 2, 5, 20, 50: a loss of 1.5 lies between 1 and 2.
        assertEquals(List.of(2.0, 5.0, 20.0, 50.0), LogAxisLabels.between(1.0, 50.0));
        assertEquals("1", new DecimalFormat(Panels.LOG_AXIS_PATTERN).format(1.0));
    }

    @Test
    void accuracyTicksKeepTheirLeadingZero() {
        XYChart accuracy = CurvesChart.panel("Accuracy", Metric.ACCURACY, RUN);
        DecimalFormat format = new DecimalFormat(accuracy.getStyler().getYAxisDecimalPattern(),
                DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        assertEquals("0.05", format.format(0.05));
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

    /**
     * A run with a validation set: its validation line in both panels, and the evaluation of best
     * validation accuracy marked on the test line (the first of equals), in the legend with its step.
     */
    @Test
    void aValidatedRunShowsItsValidationLineAndTheSelectedEvaluation() {
        List<EvalPoint> run = List.of(
                new EvalPoint(1, 2.0, 0.2, 2.1, 0.25, 0, 0, new EvalPoint.Validation(2.2, 0.20)),
                new EvalPoint(10, 1.5, 0.4, 1.6, 0.38, 0, 0, new EvalPoint.Validation(1.7, 0.41)),
                new EvalPoint(20, 1.0, 0.6, 1.7, 0.40, 0, 0, new EvalPoint.Validation(1.8, 0.41)));
        XYChart accuracy = CurvesChart.panel("Accuracy", Metric.ACCURACY, List.of(run));
        assertEquals(List.of("train", "test", "validation", "selected (step 10)"),
                List.copyOf(accuracy.getSeriesMap().keySet()));
        XYSeries selected = accuracy.getSeriesMap().get("selected (step 10)");
        assertEquals(List.of(10.0, 0.38), List.of(selected.getXData()[0], selected.getYData()[0]));
        assertEquals(List.of("train", "test", "validation", "selected (step 10)"),
                List.copyOf(CurvesChart.panel("Loss", Metric.LOSS, List.of(run)).getSeriesMap().keySet()));
        assertEquals(List.of("train", "test"), List.copyOf(CurvesChart.panel("Accuracy", Metric.ACCURACY,
                List.of(List.of(new EvalPoint(1, 2.0, 0.2, 2.1, 0.25, 0, 0)))).getSeriesMap().keySet()));
    }
}
