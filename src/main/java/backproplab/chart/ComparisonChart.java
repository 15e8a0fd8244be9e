package backproplab.chart;

import backproplab.train.EvalPoint;
import java.awt.Color;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

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
        chart.getStyler().setLegendPosition(Metric.ACCURACY.legend);
        chart.getStyler().setYAxisDecimalPattern(Metric.ACCURACY.decimalPattern);
        List<Map.Entry<String, List<EvalPoint>>> entries = List.copyOf(runs.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            List<EvalPoint> points = entries.get(i).getValue();
            String name = entries.get(i).getKey();
            // A run that a later one repeats exactly (same seed, the same first steps) would be
            // hidden under it: draw it wide underneath and say so in the legend.
            String coveredBy = entries.subList(i + 1, entries.size()).stream()
                    .filter(later -> sameCurve(points, later.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            XYSeries series = Panels.addLine(chart, coveredBy == null ? name : name + " (same curve as " + coveredBy + ")",
                    CurvesChart.column(points, EvalPoint::step), CurvesChart.column(points, EvalPoint::testAccuracy),
                    PALETTE[i % PALETTE.length]);
            if (coveredBy != null) {
                series.setLineWidth(7f);
            }
        }
        return Panels.png(title, List.of(chart));
    }

    /** True when every evaluation of {@code run} is also in {@code other}, with the same test accuracy. */
    static boolean sameCurve(List<EvalPoint> run, List<EvalPoint> other) {
        Map<Integer, Double> byStep = new HashMap<>();
        other.forEach(p -> byStep.put(p.step(), p.testAccuracy()));
        return !run.isEmpty() && run.stream().allMatch(p -> {
            Double accuracy = byStep.get(p.step());
            return accuracy != null && Math.abs(accuracy - p.testAccuracy()) < 1e-9;
        });
    }
}
