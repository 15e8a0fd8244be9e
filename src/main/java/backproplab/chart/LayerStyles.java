package backproplab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One colour and one marker per layer, by its place in the network (the first linear or
 * convolution layer, the second, ...), the same in every panel of every run: ten colours that
 * tell apart ({@link Palette}), and five shapes that repeat, so that even seventeen lines match
 * their legend. A batch norm takes the style of the layer before it, drawn dashed; an activation
 * (ReLU, ...) that of the layer it follows. Triangles are left for values beyond an axis ({@link Scale}).
 */
final class LayerStyles {

    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.CROSS, SeriesMarkers.PLUS};
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private LayerStyles() {}

    /** Whether a layer is a batch norm (drawn dashed, in the style of the layer before it). */
    static boolean isBatchNorm(String layer) {
        return layer.startsWith("batchnorm");
    }

    /** The place in the network of each weight layer: linear and convolution layers counted, a batch norm that of the layer before it. */
    static List<Integer> placesOfWeightLayers(List<String> layers) {
        List<Integer> places = new ArrayList<>();
        int place = -1;
        for (String layer : layers) {
            if (!isBatchNorm(layer)) {
                place++;
            }
            places.add(Math.max(place, 0));
        }
        return places;
    }

    /** Gives the series the colour and marker of the layer at {@code place} (0 the first), dashed for a batch norm. */
    static void style(XYSeries series, int place, boolean batchNorm) {
        Color color = Palette.at(place);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(MARKERS[place % MARKERS.length]);
        if (batchNorm) {
            series.setLineStyle(DASHED);
        }
    }
}
