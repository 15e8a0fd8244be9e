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

    private ComparisonChart() {}

    /**
     * One panel: the test accuracy of each named run.
     *
     * @param colors each run's colour, by its name
     */
    public static byte[] testAccuracy(String title, Map<String, List<EvalPoint>> runs, Map<String, Color> colors)
            throws IOException {
        XYChart chart = Panels.lineChart("Test accuracy", "step", "accuracy");
        chart.getStyler().setLegendPosition(Metric.ACCURACY.legend);
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
                    colors.get(name));
            if (coveredBy != null) {
                series.setLineWidth(7f);
            }
        }
        Scale.ACCURACY.apply(chart);
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
