package backproplab.chart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.train.EvalPoint;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ComparisonChartTest {

    private static EvalPoint at(int step, double testAccuracy) {
        return new EvalPoint(step, 1.0, 0.5, 1.0, testAccuracy, step, 100);
    }

    @Test
    void aRunRepeatedByALongerOneIsRecognised() {
        List<EvalPoint> short1500 = List.of(at(1, 0.1), at(100, 0.3), at(200, 0.4));
        List<EvalPoint> long3000 = List.of(at(1, 0.1), at(100, 0.3), at(200, 0.4), at(300, 0.45));
        assertTrue(ComparisonChart.sameCurve(short1500, long3000));
        assertFalse(ComparisonChart.sameCurve(long3000, short1500), "the longer run has a step the shorter lacks");
        assertFalse(ComparisonChart.sameCurve(short1500, List.of(at(1, 0.1), at(100, 0.31), at(200, 0.4))));
        assertFalse(ComparisonChart.sameCurve(List.of(), long3000));
    }

    @Test
    void drawsEveryRunIncludingAHiddenOne() throws Exception {
        Map<String, List<EvalPoint>> runs = new LinkedHashMap<>();
        runs.put("short", List.of(at(1, 0.1), at(100, 0.3)));
        runs.put("long", List.of(at(1, 0.1), at(100, 0.3), at(200, 0.4)));
        byte[] png = ComparisonChart.testAccuracy("two runs", runs);
        assertTrue(ImageIO.read(new ByteArrayInputStream(png)).getWidth() > 0);
    }
}
