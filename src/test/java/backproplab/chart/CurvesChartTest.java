package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /** The hand-written MLP's loss: 2.3 falling to 1.5. */
    private static final List<List<EvalPoint>> SMALL_SPREAD = List.of(List.of(
            new EvalPoint(1, 2.30, 0.10, 2.30, 0.10, 1, 100),
            new EvalPoint(1500, 1.50, 0.48, 1.55, 0.46, 2, 100)));

    /** Every run's loss on one axis, linear from 0 to 2.4, whatever its values: so that any two figures compare. */
    @Test
    void everyLossIsOnOneLinearAxis() {
        for (List<List<EvalPoint>> run : List.of(RUN, SMALL_SPREAD)) {
            XYChart loss = CurvesChart.panel("Loss", Metric.LOSS, run);
            assertFalse(loss.getStyler().isYAxisLogarithmic());
            assertEquals(0.0, loss.getStyler().getYAxisMin());
            assertEquals(2.4, loss.getStyler().getYAxisMax());
        }
        XYChart small = CurvesChart.panel("Loss", Metric.LOSS, SMALL_SPREAD);
        assertArrayEquals(new double[] {2.30, 1.50}, small.getSeriesMap().get("train").getYData(), "inside: as it is");
        assertEquals(List.of("train", "test"), List.copyOf(small.getSeriesMap().keySet()), "nothing beyond the axis");
    }

    /**
     * A first loss of 40 is not drawn inside the axis: the line starts at the first value inside,
     * a triangle in the line's colour sits at the top edge where the value is, and the legend gives it.
     */
    @Test
    void aLossAboveTheAxisIsATriangleAtItsEdgeAndTheLegendGivesIt() {
        XYChart loss = CurvesChart.panel("Loss", Metric.LOSS, RUN);
        XYSeries train = loss.getSeriesMap().get("train");
        assertTrue(Double.isNaN(train.getYData()[0]), "40 is not drawn as 2.4");
        assertEquals(1.2, train.getYData()[1]);
        XYSeries mark = loss.getSeriesMap().get("train above the axis at 1.0");
        assertEquals(List.of(1.0, 2.4), List.of(mark.getXData()[0], mark.getYData()[0]));
        assertEquals(train.getLineColor(), mark.getMarkerColor());
        assertFalse(mark.isShowInLegend());
        XYSeries said = loss.getSeriesMap().get("above the axis: train 40; test 35");
        assertTrue(said != null && said.isShowInLegend(), loss.getSeriesMap().keySet().toString());
    }

    @Test
    void aLogarithmicAxisIsLabelledAtOneTwoAndFiveTimesEachPowerOfTen() {
        // An axis from 1 to 50 has labels at 1 and 10 (XChart's) and at 2, 5, 20, 50.
        assertEquals(List.of(2.0, 5.0, 20.0, 50.0), LogAxisLabels.between(1.0, 50.0));
        assertEquals("1", new DecimalFormat(Panels.LOG_AXIS_PATTERN).format(1.0));
    }

    @Test
    void accuracyTicksKeepTheirLeadingZero() {
        XYChart accuracy = CurvesChart.panel("Accuracy", Metric.ACCURACY, RUN);
        DecimalFormat format = new DecimalFormat(accuracy.getStyler().getYAxisDecimalPattern(),
                DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        assertEquals("0.5", format.format(0.5));
    }

    @Test
    void accuracyIsLinearFromZeroToOne() {
        XYChart accuracy = CurvesChart.panel("Accuracy", Metric.ACCURACY, RUN);
        assertFalse(accuracy.getStyler().isYAxisLogarithmic());
        assertEquals(List.of(0.0, 1.0), List.of(accuracy.getStyler().getYAxisMin(), accuracy.getStyler().getYAxisMax()));
    }

    /** Figures 1 and 2 title their panels "Accuracy: mlp-numpy (section 1.2)" and the like. */
    @Test
    void theMetricNotThePanelTitleSetsAxisAndLegend() {
        XYChart accuracy = CurvesChart.panel("Accuracy: mlp-numpy (section 1.2)", Metric.ACCURACY, RUN);
        XYChart loss = CurvesChart.panel("Loss: mlp-numpy (section 1.2)", Metric.LOSS, RUN);
        assertEquals(1.0, accuracy.getStyler().getYAxisMax());
        assertEquals(2.4, loss.getStyler().getYAxisMax());
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
