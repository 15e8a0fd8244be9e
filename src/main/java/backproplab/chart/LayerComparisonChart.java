package backproplab.chart;

import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.ParameterStats;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Several runs' layers side by side: gradient norm (top) and update ratio (bottom) of each linear
 * layer, input side left, at an early step (left) and at each run's last recorded step (right).
 * The layers are those every run has: a batch norm's gamma is left out. Runs whose lines would
 * lie on one another (the same network for the first steps, or section 3's three batch norms) are
 * drawn wider the earlier they come, so that each shows as a rim under the next.
 */
public final class LayerComparisonChart {

    /** Lines within this fraction of each other at every layer cannot be told apart at the figure's size. */
    static final double SAME_LINE = 0.02;

    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE};

    /** What the legend beside the right-hand panels takes. */
    static final int LEGEND_WIDTH = 290;

    private LayerComparisonChart() {}

    /**
     * @param runs each run's statistics by legend entry, in the order drawn
     * @param colors each run's colour, by legend entry
     * @param early the early step drawn on the left (each run must have recorded it)
     */
    public static byte[] png(String title, Map<String, Diagnostics> runs, Map<String, Color> colors, int early)
            throws IOException {
        List<String> layers = commonLinearLayers(runs.values());
        List<String> names = List.copyOf(runs.keySet());
        List<XYChart> panels = new ArrayList<>();
        for (boolean gradient : new boolean[] {true, false}) {
            ToDoubleFunction<ParameterStats> value = gradient ? ParameterStats::gradientNorm : ParameterStats::updateRatio;
            String what = gradient ? "Gradient norm" : "Update ratio";
            String yTitle = gradient ? "||dL/dW||" : "||W after - W before|| / ||W before||";
            XYChart atEarly = panel(what + " at step " + early + " (a line under another: wider)", yTitle, layers,
                    false);
            XYChart atEnd = panel(what + " at the last step", yTitle, layers, true);
            List<double[]> earlyLines = names.stream().map(n -> values(runs.get(n).at(early), layers, value)).toList();
            List<double[]> lastLines = names.stream().map(n -> values(runs.get(n).last(), layers, value)).toList();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Diagnostics last = runs.get(name).last();
                int lastStep = last.steps().isEmpty() ? 0 : last.steps().get(0);
                add(atEarly, name, earlyLines, i, colors.get(name));
                add(atEnd, name + " (step " + lastStep + ")", lastLines, i, colors.get(name));
            }
            Scale scale = gradient ? Scale.GRADIENT_NORM : Scale.UPDATE_RATIO;
            for (XYChart chart : List.of(atEarly, atEnd)) {
                if (!gradient) {
                    guide(chart, layers.size());
                }
                scale.apply(chart);
            }
            panels.addAll(List.of(atEarly, atEnd));
        }
        return Panels.grid(title, panels, 2);
    }

    /** The first run after {@code i} whose line lies on run i's (within {@link #SAME_LINE} at every layer); -1 for none. */
    static int firstLater(List<double[]> lines, int i) {
        for (int j = i + 1; j < lines.size(); j++) {
            if (sameLine(lines.get(i), lines.get(j))) {
                return j;
            }
        }
        return -1;
    }

    private static boolean sameLine(double[] a, double[] b) {
        for (int l = 0; l < a.length; l++) {
            if (!(Math.abs(a[l] - b[l]) <= SAME_LINE * Math.max(Math.abs(a[l]), Math.abs(b[l])))) {
                return false;
            }
        }
        return a.length > 0;
    }

    /** The linear layers every run has, in network order. */
    static List<String> commonLinearLayers(Iterable<Diagnostics> runs) {
        List<String> common = null;
        for (Diagnostics run : runs) {
            List<String> linear = run.weightLayers().stream().filter(l -> l.startsWith("linear")).toList();
            common = common == null ? new ArrayList<>(linear) : new ArrayList<>(common.stream().filter(linear::contains)
                    .toList());
        }
        return common == null ? List.of() : common;
    }

    /**
     * @param legend whether the panel carries the legend: the right-hand ones do, beside the plot
     *     (inside it, seven runs' entries would cover the lines), and widen by as much
     */
    private static XYChart panel(String title, String yTitle, List<String> layers, boolean legend) {
        XYChart chart = new XYChartBuilder().width(Panels.PANEL_WIDTH + (legend ? LEGEND_WIDTH : 0))
                .height(Panels.PANEL_HEIGHT).title(title).xAxisTitle("layer, input side first").yAxisTitle(yTitle)
                .build();
        Panels.style(chart);
        chart.getStyler().setLegendVisible(legend);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendBorderColor(Color.WHITE);
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 1 && i <= layers.size() ? layers.get((int) i - 1) : "";
        });
        return chart;
    }

    /** A run's value at each layer (NaN where it has none). */
    private static double[] values(Diagnostics at, List<String> layers, ToDoubleFunction<ParameterStats> value) {
        double[] y = new double[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            String layer = layers.get(l);
            y[l] = at.parameters().stream().filter(p -> p.layer().equals(layer)).mapToDouble(value).findFirst()
                    .orElse(Double.NaN);
        }
        return y;
    }

    /** Run {@code i}'s line, wider by as many later runs as lie on it one after the other. */
    private static void add(XYChart chart, String name, List<double[]> lines, int i, Color color) {
        double[] y = lines.get(i);
        double[] x = new double[y.length];
        Arrays.setAll(x, l -> l + 1);
        XYSeries series = Panels.addLine(chart, name, x, DiagnosticsChart.positive(y), color);
        series.setMarker(MARKERS[i % MARKERS.length]);
        int under = 0;
        for (int j = firstLater(lines, i); j >= 0; j = firstLater(lines, j)) {
            under++;
        }
        series.setLineWidth(2f + 2.5f * under);
    }

    private static void guide(XYChart chart, int layers) {
        XYSeries guide = chart.addSeries("1e-3 (rule of thumb)", new double[] {1, layers},
                new double[] {DiagnosticsChart.HEALTHY_UPDATE_RATIO, DiagnosticsChart.HEALTHY_UPDATE_RATIO});
        guide.setMarker(SeriesMarkers.NONE);
        guide.setLineColor(Color.GRAY);
        guide.setLineStyle(LayerStyles.DASHED);
    }
}
