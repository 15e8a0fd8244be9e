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
 * of each activation's output (ReLU, ...). Each quantity on its own {@link Scale}, the same in
 * every run's figure; each layer in its own style ({@link LayerStyles}), the same in every panel.
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
                weightPanel("Gradient norm by layer", "||dL/dW||", diagnostics, ParameterStats::gradientNorm,
                        Scale.GRADIENT_NORM),
                weightPanel("Update ratio by layer", "||W after - W before|| / ||W before||", diagnostics,
                        ParameterStats::updateRatio, Scale.UPDATE_RATIO),
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

    /** One line per weight layer, on {@code scale}; the update ratio with its guide. */
    static XYChart weightPanel(String title, String yTitle, Diagnostics diagnostics,
            ToDoubleFunction<ParameterStats> value, Scale scale) {
        XYChart chart = panel(title, yTitle);
        List<String> layers = diagnostics.weightLayers();
        List<Integer> places = LayerStyles.placesOfWeightLayers(layers);
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            List<ParameterStats> rows = diagnostics.parameters().stream().filter(p -> p.layer().equals(layer)).toList();
            line(chart, layer, rows.stream().mapToDouble(ParameterStats::step).toArray(),
                    positive(rows.stream().mapToDouble(value).toArray()), places.get(i),
                    LayerStyles.isBatchNorm(layer));
        }
        if (scale == Scale.UPDATE_RATIO) {
            withGuide(chart);
        }
        scale.apply(chart);
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
            double[] values = rows.stream().mapToDouble(value).toArray();
            // A standard deviation of 0 (every unit dead) cannot be drawn on a log axis: a gap there.
            line(chart, layer, rows.stream().mapToDouble(ActivationStats::step).toArray(),
                    fraction ? values : positive(values), k, false);
        }
        (fraction ? Scale.DEAD_FRACTION : Scale.ACTIVATION_STD).apply(chart);
        return chart;
    }

    static XYChart panel(String title, String yTitle) {
        XYChart chart = Panels.lineChart(title, "step", yTitle);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendBorderColor(Color.WHITE);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, int place, boolean batchNorm) {
        XYSeries series = chart.addSeries(name, x, y);
        LayerStyles.style(series, place, batchNorm);
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
        guide.setLineStyle(LayerStyles.DASHED);
        return chart;
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
