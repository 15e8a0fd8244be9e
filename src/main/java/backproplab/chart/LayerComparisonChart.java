package backproplab.chart;

import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.ParameterStats;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
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
 * The layers are those every run has: a batch norm's gamma is left out.
 */
public final class LayerComparisonChart {

    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};
    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE};

    /** What the legend beside the right-hand panels takes. */
    static final int LEGEND_WIDTH = 290;

    private LayerComparisonChart() {}

    /**
     * @param runs each run's statistics by legend entry, in the order drawn
     * @param early the early step drawn on the left (each run must have recorded it)
     */
    public static byte[] png(String title, Map<String, Diagnostics> runs, int early) throws IOException {
        List<String> layers = commonLinearLayers(runs.values());
        List<XYChart> panels = new ArrayList<>();
        for (boolean gradient : new boolean[] {true, false}) {
            ToDoubleFunction<ParameterStats> value = gradient ? ParameterStats::gradientNorm : ParameterStats::updateRatio;
            String what = gradient ? "Gradient norm" : "Update ratio";
            String yTitle = gradient ? "||dL/dW||" : "||W after - W before|| / ||W before||";
            XYChart atEarly = panel(what + " at step " + early, yTitle, layers, false);
            XYChart atEnd = panel(what + " at the last step", yTitle, layers, true);
            int i = 0;
            for (Map.Entry<String, Diagnostics> run : runs.entrySet()) {
                Diagnostics last = run.getValue().last();
                int lastStep = last.steps().isEmpty() ? 0 : last.steps().get(0);
                add(atEarly, run.getKey(), run.getValue().at(early), layers, value, i);
                add(atEnd, run.getKey() + " (step " + lastStep + ")", last, layers, value, i);
                i++;
            }
            if (!gradient) {
                for (XYChart chart : List.of(atEarly, atEnd)) {
                    guide(chart, layers.size());
                }
            }
            List<XYChart> row = List.of(atEarly, atEnd);
            row.forEach(DiagnosticsChart::logAxisOverData);
            Panels.shareYAxis(row);
            panels.addAll(row);
        }
        return Panels.grid(title, panels, 2);
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

    private static void add(XYChart chart, String name, Diagnostics at, List<String> layers,
            ToDoubleFunction<ParameterStats> value, int index) {
        double[] x = new double[layers.size()];
        double[] y = new double[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            String layer = layers.get(l);
            x[l] = l + 1;
            y[l] = at.parameters().stream().filter(p -> p.layer().equals(layer)).mapToDouble(value).findFirst()
                    .orElse(Double.NaN);
        }
        XYSeries series = Panels.addLine(chart, name, x, DiagnosticsChart.positive(y), COLORS[index % COLORS.length]);
        series.setMarker(MARKERS[index % MARKERS.length]);
    }

    private static void guide(XYChart chart, int layers) {
        XYSeries guide = chart.addSeries("1e-3 (rule of thumb)", new double[] {1, layers},
                new double[] {DiagnosticsChart.HEALTHY_UPDATE_RATIO, DiagnosticsChart.HEALTHY_UPDATE_RATIO});
        guide.setMarker(SeriesMarkers.NONE);
        guide.setLineColor(Color.GRAY);
        guide.setLineStyle(LayerColors.DASHED);
    }
}
