package backproplab.chart;

import backproplab.config.Activation;
import backproplab.diagnostics.ActivationStats;
import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.LayerStats;
import backproplab.diagnostics.ParameterStats;
import java.awt.Color;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * diagnostics.png, four panels over steps: gradient norm and update ratio of each layer's weight
 * (log axes, the update ratio with a guide at 1e-3), the standard deviation and the dead fraction
 * of each activation's output (ReLU, ...). One colour per layer in network order, the same in
 * every panel.
 */
public final class DiagnosticsChart {

    /** Karpathy's rule of thumb for the update-to-weight ratio of a healthy layer. */
    public static final double HEALTHY_UPDATE_RATIO = 1e-3;
    /** What the title adds to the curves' title of its run. */
    public static final String TITLE_SUFFIX = ": inside the layers";
    /** Beyond this many recorded steps a line has no markers: they would hide it. */
    static final int MARKERS_UP_TO = 60;
    private static final Color GUIDE = new Color(120, 120, 120);

    private DiagnosticsChart() {}

    public static byte[] png(String title, Diagnostics diagnostics) throws IOException {
        Activation.Kind kind = activationKind(diagnostics.activationLayers());
        String activation = kind == null ? "activation" : kind.title();
        return Panels.grid(title, List.of(
                weightPanel("Gradient norm by layer", "||dL/dW||", diagnostics, ParameterStats::gradientNorm),
                withGuide(weightPanel("Update ratio by layer", "||W after - W before|| / ||W before||", diagnostics,
                        ParameterStats::updateRatio)),
                activationPanel("Activation std by " + activation, "std of the " + activation + "'s output",
                        diagnostics, ActivationStats::std, false),
                activationPanel("Dead units by " + activation, kind == Activation.Kind.RELU
                        ? "fraction zero for the whole batch"
                        : "fraction with derivative < " + LayerStats.DEAD_DERIVATIVE + " for the whole batch",
                        diagnostics, ActivationStats::deadFraction, true)), 2);
    }

    /**
     * The activation every one of {@code layers} is (relu1, relu2: ReLU), by the name the
     * statistics give it; null when they are of several kinds, or none.
     */
    static Activation.Kind activationKind(List<String> layers) {
        Set<String> kinds = layers.stream().map(layer -> layer.replaceAll("[0-9]+$", "")).collect(Collectors.toSet());
        return Arrays.stream(Activation.Kind.values()).filter(kind -> kinds.equals(Set.of(kind.key()))).findFirst()
                .orElse(null);
    }

    /** One line per weight layer; a log axis over the positive values. */
    static XYChart weightPanel(String title, String yTitle, Diagnostics diagnostics,
            ToDoubleFunction<ParameterStats> value) {
        XYChart chart = panel(title, yTitle);
        List<String> layers = diagnostics.weightLayers();
        List<Color> colors = LayerColors.ofWeightLayers(layers);
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            List<ParameterStats> rows = diagnostics.parameters().stream().filter(p -> p.layer().equals(layer)).toList();
            XYSeries series = line(chart, layer, rows.stream().mapToDouble(ParameterStats::step).toArray(),
                    positive(rows.stream().mapToDouble(value).toArray()), colors.get(i));
            if (LayerColors.isBatchNorm(layer)) {
                series.setLineStyle(LayerColors.DASHED);
            }
        }
        logAxisOverData(chart);
        return chart;
    }

    /** One line per activation layer. */
    static XYChart activationPanel(String title, String yTitle, Diagnostics diagnostics,
            ToDoubleFunction<ActivationStats> value, boolean fraction) {
        XYChart chart = panel(title, yTitle);
        List<String> activations = diagnostics.activationLayers();
        for (int k = 0; k < activations.size(); k++) {
            String layer = activations.get(k);
            List<ActivationStats> rows = diagnostics.activations().stream().filter(a -> a.layer().equals(layer)).toList();
            line(chart, layer, rows.stream().mapToDouble(ActivationStats::step).toArray(),
                    rows.stream().mapToDouble(value).toArray(),
                    LayerColors.ofActivation(k + 1, diagnostics.weightLayers()));
        }
        if (fraction) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
            chart.getStyler().setYAxisDecimalPattern("0.0");
        } else if (spread(chart) >= 10) {
            // Unscaled pixels give the first ReLU a standard deviation near 100 and the last ones
            // near 1: on a linear axis the deep layers would be a flat line at 0. A 0 (every unit
            // dead) cannot be drawn on it: a gap there, as in the weights' panels.
            for (XYSeries series : List.copyOf(chart.getSeriesMap().values())) {
                chart.updateXYSeries(series.getName(), series.getXData(), positive(series.getYData()), null);
            }
            logAxisOverData(chart);
        }
        return chart;
    }

    static XYChart panel(String title, String yTitle) {
        XYChart chart = Panels.lineChart(title, "step", yTitle);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendBorderColor(Color.WHITE);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = Panels.addLine(chart, name, x, y, color);
        if (x.length > MARKERS_UP_TO) {
            series.setMarker(SeriesMarkers.NONE);
        }
        return series;
    }

    /** The guide line at {@link #HEALTHY_UPDATE_RATIO}, dashed, named in the legend. */
    static XYChart withGuide(XYChart chart) {
        double[] x = LogAxisLabels.xRange(chart);
        if (x == null) {
            // One recorded step (a run that diverged before its second): the guide spans a step
            // either side of it, which also gives the axis the width its labels are placed by.
            double[] only = chart.getSeriesMap().values().stream().flatMapToDouble(s -> Arrays.stream(s.getXData()))
                    .limit(1).toArray();
            if (only.length == 0) {
                return chart;
            }
            x = new double[] {only[0] - 1, only[0] + 1};
        }
        XYSeries guide = chart.addSeries("1e-3 (rule of thumb)", x, new double[] {HEALTHY_UPDATE_RATIO,
            HEALTHY_UPDATE_RATIO});
        guide.setMarker(SeriesMarkers.NONE);
        guide.setLineColor(GUIDE);
        guide.setLineStyle(LayerColors.DASHED);
        logAxisOverData(chart);
        return chart;
    }

    /** A log axis from the smallest to the largest positive value of every series. */
    static void logAxisOverData(XYChart chart) {
        double[] range = positiveRange(chart);
        if (range == null) {
            return;
        }
        if (range[0] < range[1]) {
            Panels.logAxis(chart, range[0], range[1]);
        } else {
            Panels.logAxis(chart, range[0] / 2, range[1] * 2);
        }
    }

    /** The largest positive value of the chart's series over the smallest; 0 when there is none. */
    static double spread(XYChart chart) {
        double[] range = positiveRange(chart);
        return range == null ? 0 : range[1] / range[0];
    }

    /** The smallest and largest positive finite value of the chart's series; null when there is none. */
    private static double[] positiveRange(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                if (y > 0 && Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        return max > 0 ? new double[] {min, max} : null;
    }

    /** Values a log axis can show: zeros and non-finite values become gaps. */
    static double[] positive(double[] values) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0) || !Double.isFinite(out[i])) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }
}
