package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.train.EvalPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurvesChartTest {

    /** A first evaluation far from the later ones, as with unscaled pixels: loss 40, accuracy 0.03. */
    private static final List<List<EvalPoint>> RUN = List.of(List.of(
            new EvalPoint(1, 40.0, 0.03, 35.0, 0.10, 1, 100),
            new EvalPoint(500, 1.2, 0.80, 1.1, 0.76, 2, 100)));

    @Test
    void lossWithAWideSpreadGetsALogarithmicAxis() {
        assertTrue(CurvesChart.panel("Loss", "loss", RUN, EvalPoint::trainLoss, EvalPoint::testLoss)
                .getStyler().isYAxisLogarithmic());
    }

    @Test
    void accuracyStaysLinearEvenWhenItStartsNearZero() {
        assertFalse(CurvesChart.panel("Accuracy", "accuracy", RUN, EvalPoint::trainAccuracy, EvalPoint::testAccuracy)
                .getStyler().isYAxisLogarithmic());
    }
}
