package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
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
}
