package backproplab.chart;

import java.awt.Color;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.TriangleDown;
import org.knowm.xchart.style.markers.TriangleUp;

/**
 * One value axis per quantity, the same in every figure that draws it, whatever the run: so that
 * two figures laid side by side compare at a glance, and no single value sets the range. A
 * value beyond the axis is not drawn inside it: a triangle at the edge, in its line's colour,
 * points out of the plot where it is, the legend says its value, and the line resumes at the
 * first value inside.
 */
public enum Scale {
    /** Linear, the whole range: a difference of two points looks like two points. */
    ACCURACY(0, 1, false, "0.0"),
    /**
     * Linear, up to a little above ln 10 = 2.30, the loss of a uniform guess over the ten classes:
     * a network that learns anything is inside; the first losses of unscaled pixels (20 to 100) are not.
     */
    LOSS(0, 2.4, false, "0.0"),
    /** Logarithmic over six decades: every committed run's gradients, from 0.008 to 260. */
    GRADIENT_NORM(1e-3, 1e3, true, null),
    /** Logarithmic over five decades, the rule of thumb's 1e-3 near the middle. */
    UPDATE_RATIO(1e-5, 1, true, null),
    /** Logarithmic: a batch norm's 0.2 to 0.6 beside unscaled pixels' 1 to 240. */
    ACTIVATION_STD(0.1, 1e3, true, null),
    /** Linear, the whole range. */
    DEAD_FRACTION(0, 1, false, "0.0");

    /** Up to this many values beyond an edge, the legend gives each; past it, how many and the farthest. */
    private static final int NAMED = 4;

    private final double min;
    private final double max;
    private final boolean logarithmic;
    /** A linear axis's tick labels, with their leading zero: "0.5", not XChart's ".5". */
    private final String decimalPattern;

    Scale(double min, double max, boolean logarithmic, String decimalPattern) {
        this.min = min;
        this.max = max;
        this.logarithmic = logarithmic;
        this.decimalPattern = decimalPattern;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The axis in words, for the pages that show the figures: "linear, 0 to 2.4", "logarithmic, 0.001 to 1000". */
    public String rule() {
        return (logarithmic ? "logarithmic, " : "linear, ") + shown(min) + " to " + shown(max);
    }

    /**
     * Every quantity's axis in words: "accuracy linear, 0 to 1; loss linear, 0 to 2.4; ...", and
     * what a value beyond its axis looks like.
     */
    public static String rules() {
        List<String> rules = new ArrayList<>();
        for (Scale scale : values()) {
            rules.add(scale.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + scale.rule());
        }
        return String.join("; ", rules) + ". A value beyond its axis is a triangle at the edge, in its line's"
                + " colour, pointing out of the plot, and the legend gives it";
    }

    /**
     * Gives the chart this scale's value axis, after every series is added: each value beyond it
     * marked at the edge, and said in the legend (a band's edge held at the axis's).
     */
    public void apply(XYChart chart) {
        if (logarithmic) {
            Panels.logAxis(chart, min, max);
        } else {
            chart.getStyler().setYAxisMin(min);
            chart.getStyler().setYAxisMax(max);
            chart.getStyler().setYAxisDecimalPattern(decimalPattern);
        }
        List<Beyond> above = new ArrayList<>();
        List<Beyond> below = new ArrayList<>();
        for (XYSeries series : List.copyOf(chart.getSeriesMap().values())) {
            boolean band = series.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.PolygonArea;
            double[] x = series.getXData();
            double[] y = series.getYData().clone();
            boolean changed = false;
            for (int i = 0; i < y.length; i++) {
                if (Double.isFinite(y[i]) && (y[i] > max || y[i] < min)) {
                    if (!band) {
                        // The line named by the first word of its name ("train", "test", "linear1").
                        (y[i] > max ? above : below).add(new Beyond(series, series.getName().split(" ", 2)[0], x[i],
                                y[i]));
                    }
                    y[i] = band ? Math.max(min, Math.min(max, y[i])) : Double.NaN;
                    changed = true;
                }
            }
            if (changed) {
                chart.updateXYSeries(series.getName(), x, y, null);
            }
        }
        mark(chart, above, true);
        mark(chart, below, false);
    }

    /** A value of a line that is beyond the axis, at step {@code x}. */
    private record Beyond(XYSeries series, String line, double x, double value) {}

    /**
     * A triangle at the edge for each value beyond it, in its line's colour, pointing out of the
     * plot; and one entry in the legend that says them: each value when there are a few ("above
     * the axis: train 21.7, 32.2; test 73.7"), how many and the farthest when there are more
     * ("below the axis: 12 values, to 3.8e-11").
     */
    private void mark(XYChart chart, List<Beyond> values, boolean above) {
        if (values.isEmpty()) {
            return;
        }
        String text;
        if (values.size() <= NAMED) {
            Map<String, List<String>> byLine = new LinkedHashMap<>();
            values.forEach(v -> byLine.computeIfAbsent(v.line(), k -> new ArrayList<>()).add(shown(v.value())));
            List<String> parts = new ArrayList<>();
            byLine.forEach((line, shown) -> parts.add(line + " " + String.join(", ", shown)));
            text = String.join("; ", parts);
        } else {
            Beyond farthest = values.stream().reduce((a, b) -> above == a.value() >= b.value() ? a : b).orElseThrow();
            text = values.size() + " values, to " + shown(farthest.value());
        }
        double edge = above ? max : min;
        Marker marker = above ? LARGE_UP : LARGE_DOWN;
        // The legend's entry, a grey triangle under the first coloured one.
        XYSeries entry = chart.addSeries((above ? "above" : "below") + " the axis: " + text,
                new double[] {values.get(0).x()}, new double[] {edge});
        entry.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        entry.setMarker(marker);
        entry.setMarkerColor(Color.DARK_GRAY);
        for (Beyond v : values) {
            XYSeries mark = chart.addSeries(v.series().getName() + (above ? " above" : " below") + " the axis at " + v.x(),
                    new double[] {v.x()}, new double[] {edge});
            mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mark.setMarker(marker);
            mark.setMarkerColor(v.series().getMarkerColor() != null ? v.series().getMarkerColor()
                    : v.series().getLineColor());
            mark.setShowInLegend(false);
        }
    }

    private static final Marker LARGE_UP = Panels.enlarged(new TriangleUp(), 2);
    private static final Marker LARGE_DOWN = Panels.enlarged(new TriangleDown(), 2);

    /** "97.3", "0.0123", "3.1e-11", "0", "1000". */
    static String shown(double value) {
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < 1e4) {
            return String.valueOf((long) value);
        }
        if (magnitude >= 1e-3 && magnitude < 1e4) {
            return new BigDecimal(String.format(Locale.ROOT, "%.3g", value)).stripTrailingZeros().toPlainString();
        }
        // "1.0e-05" as "1e-5".
        return String.format(Locale.ROOT, "%.1e", value).replace(".0e", "e").replaceAll("e([-+])0*([0-9])", "e$1$2")
                .replace("e+", "e");
    }
}
