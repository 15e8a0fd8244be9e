package backproplab.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts side by side under one title, as one PNG: the layout of the report's figures. */
public final class Panels {

    public static final int PANEL_WIDTH = 640;
    public static final int PANEL_HEIGHT = 440;
    static final int TITLE_HEIGHT = 44;
    /** Tick labels of a logarithmic axis: "1", "20", "0.5". */
    static final String LOG_AXIS_PATTERN = "0.###";
    /** Tick labels of a logarithmic axis that reaches below 0.001, where "0.###" would write 0: "1E-4". */
    static final String SMALL_LOG_AXIS_PATTERN = "0E0";

    static {
        // Encode in memory: ImageIO's default file cache registers a shutdown hook, which fails
        // when a chart is drawn from the hook that saves an interrupted run.
        ImageIO.setUseCache(false);
    }

    private Panels() {}

    /** An empty line chart with the suite's look. */
    public static XYChart lineChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        style(chart);
        return chart;
    }

    /** The suite's look on a line chart built elsewhere (one of another size). */
    static void style(XYChart chart) {
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBackgroundColor(new Color(255, 255, 255, 210));
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    }

    /** Adds a line with round markers at each measured point. */
    public static XYSeries addLine(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineColor(color);
        series.setMarkerColor(color);
        return series;
    }

    /** {@code marker} at {@code times} the chart's marker size (XChart sizes every marker of a chart alike). */
    static Marker enlarged(Marker marker, int times) {
        return new Marker() {
            @Override
            public void paint(Graphics2D g, double x, double y, int size) {
                marker.paint(g, x, y, times * size);
            }
        };
    }

    /** Adds a translucent band between {@code low} and {@code high} (no legend entry). */
    public static void addBand(XYChart chart, String name, double[] x, double[] low, double[] high, Color color) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = high[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = low[i];
        }
        var band = chart.addSeries(name, px, py);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
        band.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
    }

    /**
     * A logarithmic y axis from {@code min} to {@code max}, widened to the next 1, 2 or 5 times a
     * power of ten (values that are labelled), and said in the axis title.
     */
    static void logAxis(XYChart chart, double min, double max) {
        if (!chart.getStyler().isYAxisLogarithmic()) {
            chart.setYAxisTitle(chart.getYAxisTitle() + " (log scale)");
        }
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern(min < 1e-3 ? SMALL_LOG_AXIS_PATTERN : LOG_AXIS_PATTERN);
        chart.getStyler().setYAxisMin(roundToLabel(min, false));
        chart.getStyler().setYAxisMax(roundToLabel(max, true));
    }

    /** The nearest of 1, 2, 5 times a power of ten above (or below) a positive value. */
    static double roundToLabel(double value, boolean up) {
        double decade = Math.pow(10, Math.floor(Math.log10(value)));
        double[] steps = up ? new double[] {1, 2, 5, 10} : new double[] {10, 5, 2, 1};
        for (double step : steps) {
            if (up ? step * decade >= value : step * decade <= value) {
                return step * decade;
            }
        }
        return up ? 10 * decade : decade;
    }

    /** Renders the charts left to right under {@code title} and encodes the PNG. */
    public static byte[] png(String title, List<? extends Chart<?, ?>> charts) throws IOException {
        int width = charts.stream().mapToInt(Chart::getWidth).sum();
        int height = charts.stream().mapToInt(Chart::getHeight).max().orElse(PANEL_HEIGHT);
        BufferedImage image = titled(title, width, height);
        Graphics2D g = image.createGraphics();
        try {
            int x = 0;
            for (Chart<?, ?> chart : charts) {
                draw(g, chart, x, TITLE_HEIGHT);
                x += chart.getWidth();
            }
        } finally {
            g.dispose();
        }
        return encode(image);
    }

    /** Draws a chart with its top left corner at (x, y), with the log axis labels of {@link LogAxisLabels}. */
    private static void draw(Graphics2D g, Chart<?, ?> chart, int x, int y) {
        if (chart instanceof XYChart xy && xy.getStyler().isYAxisLogarithmic()) {
            LogAxisLabels.add(xy);
        }
        g.drawImage(BitmapEncoder.getBufferedImage(chart), x, y, null);
    }

    /**
     * Renders the charts in rows of {@code columns}, left to right, under {@code title}: each column
     * as wide as its widest chart, each row as high as its highest.
     */
    public static byte[] grid(String title, List<? extends Chart<?, ?>> charts, int columns) throws IOException {
        int rows = (charts.size() + columns - 1) / columns;
        int[] left = new int[columns + 1];
        int[] top = new int[rows + 1];
        for (int i = 0; i < charts.size(); i++) {
            left[i % columns + 1] = Math.max(left[i % columns + 1], charts.get(i).getWidth());
            top[i / columns + 1] = Math.max(top[i / columns + 1], charts.get(i).getHeight());
        }
        for (int c = 1; c <= columns; c++) {
            left[c] += left[c - 1];
        }
        for (int r = 1; r <= rows; r++) {
            top[r] += top[r - 1];
        }
        BufferedImage image = titled(title, left[columns], top[rows]);
        Graphics2D g = image.createGraphics();
        try {
            for (int i = 0; i < charts.size(); i++) {
                draw(g, charts.get(i), left[i % columns], TITLE_HEIGHT + top[i / columns]);
            }
        } finally {
            g.dispose();
        }
        return encode(image);
    }

    /** Space kept free at each side of a title drawn by {@link #titled}. */
    static final int TITLE_MARGIN = 8;

    /** A white image {@code width} wide with {@code title} in a band above {@code height} pixels of content. */
    static BufferedImage titled(String title, int width, int height) {
        BufferedImage image = new BufferedImage(width, height + TITLE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            // A long experiment id makes a long title: smaller type rather than a title cut at both edges.
            int size = 18;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            while (size > 10 && g.getFontMetrics().stringWidth(title) > width - 2 * TITLE_MARGIN) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, --size));
            }
            int textWidth = g.getFontMetrics().stringWidth(title);
            g.drawString(title, Math.max(TITLE_MARGIN, (width - textWidth) / 2), 30);
        } finally {
            g.dispose();
        }
        return image;
    }

    static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
