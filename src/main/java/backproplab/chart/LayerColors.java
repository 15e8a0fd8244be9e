package backproplab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * One colour per layer in network order, from dark blue at the input to green at the output
 * (viridis, without its last yellow, which is unreadable on white). A batch norm takes the colour
 * of the linear or convolution layer before it, drawn dashed; an activation (ReLU, ...) the colour
 * of the layer it follows, so that a layer's lines match across panels.
 */
final class LayerColors {

    private static final Color[] VIRIDIS = {
        new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140), new Color(94, 201, 98),
        new Color(170, 220, 50)};
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private LayerColors() {}

    /** The colour of position {@code i} of {@code n}, input side first. */
    static Color at(int i, int n) {
        double t = n <= 1 ? 0 : (double) i / (n - 1) * (VIRIDIS.length - 1);
        int low = Math.min((int) Math.floor(t), VIRIDIS.length - 2);
        double f = t - low;
        Color a = VIRIDIS[low];
        Color b = VIRIDIS[low + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** Whether a layer is a batch norm (drawn dashed, in the colour of the layer before it). */
    static boolean isBatchNorm(String layer) {
        return layer.startsWith("batchnorm");
    }

    /**
     * The colour of each weight layer: linear and convolution layers along the palette, each batch
     * norm that of the layer before it.
     */
    static List<Color> ofWeightLayers(List<String> layers) {
        int main = (int) layers.stream().filter(l -> !isBatchNorm(l)).count();
        List<Color> colors = new ArrayList<>();
        int index = -1;
        for (String layer : layers) {
            if (!isBatchNorm(layer)) {
                index++;
            }
            colors.add(at(Math.max(index, 0), main));
        }
        return colors;
    }

    /** The colour of activation k (1, 2, ...): that of the k-th linear or convolution layer, which it follows. */
    static Color ofActivation(int k, List<String> weightLayers) {
        int main = (int) weightLayers.stream().filter(l -> !isBatchNorm(l)).count();
        return at(k - 1, Math.max(main, 1));
    }
}
