package backproplab.chart;

import backproplab.train.EvalPoint;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Circle;
import org.knowm.xchart.style.markers.Cross;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * sweep.png: on the left the test-accuracy curves of every point, overlaid; on the right the final
 * and best test accuracy against the swept value (rates and decays one step per value), or for a
 * two-key grid a heat map of the best test accuracy. When every point has a validation set, what
 * chooses among them: the validation-accuracy curves, the best validation accuracy and the test
 * accuracy it selects, and the heat map of the best validation accuracy.
 */
public final class SweepChart {

    private SweepChart() {}

    /**
     * A point's values and results.
     *
     * @param runs its evaluations: one run's, or each seed's (drawn as their mean and min-max band)
     * @param diverged marked by a cross in the right panel, at its final accuracy (its last evaluation's)
     * @param note what its legend entry adds: "(diverged at step 5)"
     * @param selectedAccuracy the test accuracy at the best validation accuracy, {@code validationAccuracy};
     *     both null without a validation set
     */
    public record Point(List<String> values, List<List<EvalPoint>> runs, double finalAccuracy, double bestAccuracy,
            boolean diverged, String note, Double selectedAccuracy, Double validationAccuracy) {}

    /**
     * What the panels show of each point: its curves, and two accuracies (the right panel's lines or
     * bars; the second one in the heat map).
     */
    private record Shown(String curvesTitle, ToDoubleFunction<EvalPoint> curve, String pairTitle, String firstName,
            ToDoubleFunction<Point> first, String secondName, ToDoubleFunction<Point> second, String heatTitle,
            String yTitle) {

        static Shown of(List<Point> points) {
            boolean validated = !points.isEmpty() && points.stream().allMatch(p -> p.validationAccuracy() != null);
            return validated
                    ? new Shown("Validation accuracy of each point", EvalPoint::validationAccuracy,
                            "Best validation accuracy, and the test accuracy it selects", "selected test",
                            Point::selectedAccuracy, "best validation", Point::validationAccuracy,
                            "Best validation accuracy", "accuracy")
                    : new Shown("Test accuracy of each point", EvalPoint::testAccuracy, "Final and best test accuracy",
                            "final", Point::finalAccuracy, "best", Point::bestAccuracy, "Best test accuracy",
                            "test accuracy");
        }
    }

    /**
     * @param keys the swept settings, in order
     * @param logScale whether the one key's values span orders of magnitude (rates and decays): then they
     *     go one step apart, each labelled
     */
    public static byte[] png(String title, List<String> keys, List<Point> points, boolean logScale) throws IOException {
        Shown shown = Shown.of(points);
        XYChart curves = Panels.lineChart(shown.curvesTitle(), "step", "accuracy");
        curves.getStyler().setLegendPosition(Metric.ACCURACY.legend);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            CurvesChart.addSeries(curves, name(keys, p.values()) + p.note(), p.runs(), shown.curve(), Palette.at(i));
        }
        Scale.ACCURACY.apply(curves);
        List<Point> measured = points.stream().filter(p -> !p.diverged()).toList();
        String left = points.size() == measured.size() ? "" : " (" + (points.size() - measured.size()) + " diverged)";
        Chart<?, ?> right = keys.size() == 2 ? heatMap(keys, measured, shown, left)
                : byValue(keys.get(0), points, logScale, shown, left);
        return Panels.png(title, List.of(curves, right));
    }

    /** Each point's value as a number; null when one is not a number (a batch norm's name, say). */
    private static List<Double> numbers(List<Point> all) {
        List<Double> numbers = new ArrayList<>();
        for (Point p : all) {
            try {
                numbers.add(Double.parseDouble(p.values().get(0)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return numbers;
    }

    /** The two accuracies (final and best test accuracy) as bars, a pair for each value that names something. */
    private static Chart<?, ?> byName(String key, List<Point> points, double[] last, double[] best, Shown shown,
            String left) {
        CategoryChart chart = new CategoryChartBuilder().width(Panels.PANEL_WIDTH).height(Panels.PANEL_HEIGHT)
                .title(shown.pairTitle() + left).xAxisTitle(key).yAxisTitle(shown.yTitle()).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(Scale.ACCURACY.min());
        chart.getStyler().setYAxisMax(Scale.ACCURACY.max());
        chart.getStyler().setYAxisDecimalPattern("0.0");
        List<String> values = points.stream().map(p -> p.values().get(0)).toList();
        chart.addSeries(shown.firstName(), values, boxed(last)).setFillColor(CurvesChart.TEST);
        chart.addSeries(shown.secondName(), values, boxed(best)).setFillColor(CurvesChart.TRAIN);
        return chart;
    }

    /**
     * Final and best test accuracy against the value: on a (log) axis when the values are numbers,
     * each diverged point a red cross at its final accuracy. The best as large circles under the
     * final's dashed line and small squares, so that both show where they are equal.
     */
    private static Chart<?, ?> byValue(String key, List<Point> all, boolean logScale, Shown shown, String left) {
        List<Point> points = all.stream().filter(p -> !p.diverged()).toList();
        List<Double> numbers = numbers(all);
        double[] last = points.stream().mapToDouble(shown.first()).toArray();
        double[] best = points.stream().mapToDouble(shown.second()).toArray();
        if (numbers == null || numbers.isEmpty()) {
            return byName(key, points, last, best, shown, left);
        }
        boolean log = logScale && numbers.stream().allMatch(v -> v > 0);
        double[] allX;
        XYChart chart = Panels.lineChart(shown.pairTitle() + left,
                key + (log ? ", one step per value" : ""),
                shown.yTitle());
        chart.getStyler().setLegendPosition(Metric.ACCURACY.legend);
        double[] x;
        if (log) {
            // XChart labels a log axis at powers of ten only, so that 5e-4 and 2e-3 could not be read:
            // the points go one step apart, each labelled with its value as the command gave it.
            List<String> values = all.stream().map(p -> p.values().get(0)).toList();
            allX = IntStream.range(0, values.size()).asDoubleStream().toArray();
            chart.setCustomXAxisTickLabelsFormatter(valueLabels(values));
        } else {
            allX = numbers.stream().mapToDouble(Double::doubleValue).toArray();
        }
        x = IntStream.range(0, all.size()).filter(i -> !all.get(i).diverged()).mapToDouble(i -> allX[i]).toArray();
        if (x.length > 0) {
            Panels.addLine(chart, shown.secondName(), x, best, CurvesChart.TRAIN).setMarker(LARGE_CIRCLE);
            XYSeries first = Panels.addLine(chart, shown.firstName(), x, last, CurvesChart.TEST);
            first.setMarker(SeriesMarkers.SQUARE);
            first.setLineStyle(LayerStyles.DASHED);
        }
        int[] diverged = IntStream.range(0, all.size()).filter(i -> all.get(i).diverged()).toArray();
        if (diverged.length > 0) {
            double[] divergedX = Arrays.stream(diverged).mapToDouble(i -> allX[i]).toArray();
            // What a diverged run's accuracy was at its last evaluation; 0 when it made none.
            double[] reached = Arrays.stream(diverged).mapToDouble(i -> all.get(i).finalAccuracy())
                    .map(a -> Double.isFinite(a) ? a : 0).toArray();
            XYSeries crosses = chart.addSeries("diverged (final test accuracy)", divergedX, reached);
            crosses.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            crosses.setMarker(Panels.enlarged(new Cross(), 2));
            crosses.setMarkerColor(PredictionGrid.WRONG);
            // Below the plot: inside it, the legend would cover the crosses near the foot of the axis.
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        }
        Scale.ACCURACY.apply(chart);
        return chart;
    }

    private static final Marker LARGE_CIRCLE = Panels.enlarged(new Circle(), 2);

    /** Tick labels of an axis whose point i stands for values[i]: the value at each point, nothing between. */
    static Function<Double, String> valueLabels(List<String> values) {
        return at -> {
            long index = Math.round(at);
            return Math.abs(at - index) < 1e-9 && index >= 0 && index < values.size() ? values.get((int) index) : "";
        };
    }

    /** Best test accuracy over a two-key grid, written in each cell. */
    private static Chart<?, ?> heatMap(List<String> keys, List<Point> points, Shown shown, String left) {
        List<String> columns = points.stream().map(p -> p.values().get(0)).distinct().toList();
        List<String> rows = points.stream().map(p -> p.values().get(1)).distinct().toList();
        HeatMapChart chart = new HeatMapChartBuilder().width(Panels.PANEL_WIDTH).height(Panels.PANEL_HEIGHT)
                .title(shown.heatTitle() + left).xAxisTitle(keys.get(0)).yAxisTitle(keys.get(1)).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setHeatMapValueDecimalPattern("0.000");
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(158, 202, 225), new Color(66, 146, 198)});
        List<Number[]> cells = new ArrayList<>();
        for (Point p : points) {
            cells.add(new Number[] {columns.indexOf(p.values().get(0)), rows.indexOf(p.values().get(1)),
                shown.second().applyAsDouble(p)});
        }
        chart.addSeries("best", columns, rows, cells);
        return chart;
    }

    /** "learningRate=1e-3" or "learningRate=1e-3, weightDecay=0". */
    static String name(List<String> keys, List<String> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.add(keys.get(i) + "=" + values.get(i));
        }
        return String.join(", ", parts);
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
