package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation a validation set selects, and how long ago it was. */
class HistoryTest {

    private static EvalPoint at(int step, double testAccuracy, double validationAccuracy) {
        return new EvalPoint(step, 1, 0.5, 1, testAccuracy, 0, 0, new EvalPoint.Validation(1, validationAccuracy));
    }

    /**
     * The first evaluation of the highest validation accuracy, whatever the test accuracy (a
     * higher one elsewhere, a tie later, a validation accuracy that is not a number).
     */
    @Test
    void theFirstOfTheBestValidationAccuraciesIsSelected() {
        EvalPoint selected = at(20, 0.40, 0.55);
        List<EvalPoint> points = List.of(at(1, 0.10, 0.10), selected, at(30, 0.60, 0.50), at(40, 0.45, 0.55),
                at(50, 0.50, Double.NaN));
        History history = new History(points, 50, 1, 1, false);
        assertSame(selected, history.selected());
        assertEquals(0.60, history.bestTestAccuracy());
        assertEquals(3, History.evaluationsSinceSelected(points), "steps 30, 40 and 50 did not improve on it");
        assertEquals(0, History.evaluationsSinceSelected(points.subList(0, 2)));
    }

    /** Without a validation set nothing is selected, and nothing counts against an early stop. */
    @Test
    void withoutAValidationSetNothingIsSelected() {
        List<EvalPoint> points = List.of(new EvalPoint(1, 1, 0.5, 1, 0.2, 0, 0), new EvalPoint(2, 1, 0.5, 1, 0.3, 0, 0));
        assertNull(new History(points, 2, 1, 1, false).selected());
        assertEquals(0, History.evaluationsSinceSelected(points));
    }
}
