package backproplab.chart;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * confusion.png: the test set's confusion matrix as a heat map, each row (a true class)
 * normalised to 100%, the percentage written in its cell, class names on both axes.
 */
public final class ConfusionChart {

    static final int SIZE = 760;

    private ConfusionChart() {}

    /** @param counts rows the true class, columns the predicted one */
    public static byte[] png(String title, long[][] counts, List<String> classes) throws IOException {
        HeatMapChart chart = new HeatMapChartBuilder().width(SIZE).height(SIZE - 60)
                .title("% of each true class, predicted as")
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setHeatMapValueDecimalPattern("0");
        // White to mid blue: black numbers stay readable on every cell.
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(158, 202, 225), new Color(66, 146, 198)});
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setXAxisTicksVisible(true);
        int n = counts.length;
        // XChart draws the y categories bottom-up: list them reversed, so the first class is on top.
        List<String> rows = new ArrayList<>(classes);
        Collections.reverse(rows);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            long support = 0;
            for (long k : counts[t]) {
                support += k;
            }
            for (int p = 0; p < n; p++) {
                double percent = support == 0 ? 0 : 100.0 * counts[t][p] / support;
                cells.add(new Number[] {p, n - 1 - t, percent});
            }
        }
        chart.addSeries("confusion", classes, rows, cells);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        return Panels.png(title, List.of(chart));
    }
}
