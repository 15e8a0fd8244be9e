package backproplab.chart;

import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Several runs' test accuracy class by class, as grouped bars: classes along x, a bar per run. */
public final class PerClassChart {

    static final int WIDTH = 1280;
    static final int HEIGHT = 520;

    private PerClassChart() {}

    /**
     * @param runs each run's accuracy by class name, in the classes' order
     * @param colors each run's colour, by its name
     */
    public static byte[] png(String title, List<String> classes, Map<String, Map<String, Double>> runs,
            Map<String, Color> colors) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Test accuracy by class").xAxisTitle("class").yAxisTitle("accuracy").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setAvailableSpaceFill(0.85);
        for (Map.Entry<String, Map<String, Double>> run : runs.entrySet()) {
            List<Double> values = classes.stream().map(c -> run.getValue().get(c)).toList();
            chart.addSeries(run.getKey(), classes, values).setFillColor(colors.get(run.getKey()));
        }
        return Panels.png(title, List.of(chart));
    }
}
