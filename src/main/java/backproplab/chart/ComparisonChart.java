package backproplab.chart;

import backproplab.train.EvalPoint;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/** Several runs on one chart: their test accuracy (and loss) over steps. */
public final class ComparisonChart {

    /** Distinct, print-friendly colors for up to eight runs. */
    static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)
    };

    private ComparisonChart() {}

    /** One panel: the test accuracy of each named run. */
    public static byte[] testAccuracy(String title, Map<String, List<EvalPoint>> runs) throws IOException {
        XYChart chart = Panels.lineChart("Test accuracy", "step", "accuracy");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        int i = 0;
        for (Map.Entry<String, List<EvalPoint>> run : runs.entrySet()) {
            List<EvalPoint> points = run.getValue();
            Panels.addLine(chart, run.getKey(), CurvesChart.column(points, EvalPoint::step),
                    CurvesChart.column(points, EvalPoint::testAccuracy), PALETTE[i++ % PALETTE.length]);
        }
        return Panels.png(title, List.of(chart));
    }
}
