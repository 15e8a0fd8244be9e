package backproplab.chart;

import backproplab.train.EvalPoint;
import backproplab.train.History;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Diamond;
import org.knowm.xchart.style.markers.Marker;

/**
 * An experiment's curves.png: accuracy | loss, train and test (and validation, when the run has a
 * validation set), over training steps. With several seeds: the mean line and a min-max band.
 */
public final class CurvesChart {

    public static final Color TRAIN = new Color(31, 119, 180);
    public static final Color TEST = new Color(255, 127, 14);
    public static final Color VALIDATION = new Color(44, 160, 44);

    private CurvesChart() {}

    public static byte[] png(String title, List<EvalPoint> points) throws IOException {
        return seedsPng(title, List.of(points));
    }

    /** @param runs one run, or several seeds of one experiment evaluated at the same steps */
    public static byte[] seedsPng(String title, List<List<EvalPoint>> runs) throws IOException {
        return Panels.png(title, List.of(
                panel(Metric.ACCURACY.title(), Metric.ACCURACY, runs),
                panel(Metric.LOSS.title(), Metric.LOSS, runs)));
    }

    /** One panel with the train and test lines of one metric. */
    public static XYChart panel(String title, Metric metric, List<List<EvalPoint>> runs) {
        XYChart chart = Panels.lineChart(title, "step", metric.yTitle);
        chart.getStyler().setLegendPosition(metric.legend);
        addSeries(chart, "train", runs, metric.train, TRAIN);
        addSeries(chart, "test", runs, metric.test, TEST);
        boolean validated = runs.stream().allMatch(run -> !run.isEmpty() && run.get(0).validation() != null);
        if (validated) {
            addSeries(chart, "validation", runs, metric.validation, VALIDATION);
            if (runs.size() == 1) {
                markSelected(chart, runs.get(0), metric);
            }
        }
        metric.scale.apply(chart);
        return chart;
    }

    /**
     * The evaluation a validation set selects, as a large black diamond on the test line: where the
     * run's chosen network is.
     */
    private static void markSelected(XYChart chart, List<EvalPoint> run, Metric metric) {
        EvalPoint selected = History.selected(run);
        if (selected == null) {
            return;
        }
        XYSeries mark = chart.addSeries("selected (step " + selected.step() + ")", new double[] {selected.step()},
                new double[] {metric.test.applyAsDouble(selected)});
        mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        mark.setMarker(LARGE_DIAMOND);
        mark.setMarkerColor(Color.BLACK);
    }

    /** A diamond three times the lines' markers. */
    private static final Marker LARGE_DIAMOND = Panels.enlarged(new Diamond(), 3);

    /** The mean over runs as a line; with several runs, their min-max band under it. */
    public static void addSeries(XYChart chart, String name, List<List<EvalPoint>> runs,
            ToDoubleFunction<EvalPoint> value, Color color) {
        SeedBand band = SeedBand.of(runs, value);
        if (runs.size() > 1) {
            Panels.addBand(chart, name + " range", band.steps(), band.min(), band.max(), color);
            Panels.addLine(chart, name + " (mean of " + runs.size() + " seeds)", band.steps(), band.mean(), color);
        } else {
            Panels.addLine(chart, name, band.steps(), band.mean(), color);
        }
    }

    public static double[] column(List<EvalPoint> points, ToDoubleFunction<EvalPoint> value) {
        return points.stream().mapToDouble(value).toArray();
    }
}
