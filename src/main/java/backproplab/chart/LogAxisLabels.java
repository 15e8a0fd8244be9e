package backproplab.chart;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;

/**
 * XChart labels a logarithmic axis at the powers of ten only (1, 10, 100), where a loss of 1.5
 * cannot be read, or at every one of 1..9 in each decade, where the labels near the top of a
 * decade overlap. This adds labels and grid lines at 2 and 5 times each power of ten, in the
 * column and font of XChart's own labels.
 */
final class LogAxisLabels {

    /** Over more than this many times from bottom to top, labels at 2 and 5 would crowd: the powers of ten alone. */
    static final double CROWDED = 1e4;

    private LogAxisLabels() {}

    /** The values 2 and 5 times a power of ten in [min, max]. */
    static List<Double> between(double min, double max) {
        List<Double> values = new ArrayList<>();
        for (int exponent = (int) Math.floor(Math.log10(min)); Math.pow(10, exponent) <= max; exponent++) {
            for (int mantissa : new int[] {2, 5}) {
                double value = mantissa * Math.pow(10, exponent);
                if (value >= min && value <= max) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** Adds the labels to a chart whose y axis is logarithmic from its set minimum to its set maximum. */
    static void add(XYChart chart) {
        XYStyler styler = chart.getStyler();
        double[] xRange = xRange(chart);
        if (styler.getYAxisMin() == null || styler.getYAxisMax() == null || xRange == null
                || styler.getYAxisMax() / styler.getYAxisMin() > CROWDED) {
            return;
        }
        // Lay the chart out once, so that data values map to pixels.
        BitmapEncoder.getBufferedImage(chart);
        double content = styler.getPlotContentSize();
        double left = chart.getScreenXFromChart(xRange[0]);
        double plotWidth = (chart.getScreenXFromChart(xRange[1]) - left) / content;
        double plotLeft = left - plotWidth * (1 - content) / 2;
        // XChart right-aligns its tick labels this far left of the plot.
        double labelsRight = plotLeft - styler.getAxisTickMarkLength() - styler.getAxisTickPadding();
        Font font = styler.getAxisTickLabelsFont();
        FontRenderContext context = new FontRenderContext(null, true, false);
        styler.setAnnotationTextFont(font);
        styler.setAnnotationTextFontColor(styler.getAxisTickLabelsColor());
        styler.setAnnotationLineColor(styler.getPlotGridLinesColor());
        styler.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_BEVEL, 10f,
                new float[] {3f, 5f}, 0f));
        for (double value : between(styler.getYAxisMin(), styler.getYAxisMax())) {
            String label = new DecimalFormat(styler.getYAxisDecimalPattern() == null
                    ? Panels.LOG_AXIS_PATTERN : styler.getYAxisDecimalPattern(), DecimalFormatSymbols.getInstance(styler.getLocale()))
                    .format(value);
            double width = font.getStringBounds(label, context).getWidth();
            // Screen-space annotations are centred on (x, y), with y counted from the bottom.
            chart.addAnnotation(new AnnotationLine(value, false, false));
            chart.addAnnotation(new AnnotationText(label, labelsRight - width / 2,
                    chart.getHeight() - chart.getScreenYFromChart(value), true));
        }
    }

    /** The smallest and largest x of the chart's series; null when they do not span a range. */
    static double[] xRange(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double x : series.getXData()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        return min < max ? new double[] {min, max} : null;
    }
}
