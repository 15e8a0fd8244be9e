package backproplab.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * weights.png: the first layer's units as pictures, CS231n's "templates". Each unit's weights
 * are drawn as a small RGB image in the layout of the input (3x32x32 for an MLP's 3072 inputs, a
 * 3x3x3 filter for the ConvNet), each scaled to its own range (its smallest weight black, its
 * largest white in every channel) and enlarged without blur.
 */
public final class WeightTiles {

    /** The most units drawn: all of a small MLP's 100, an even sample of a deep one's 1024. */
    public static final int MOST = 100;
    static final int GAP = 6;
    static final int LABEL = 14;
    /** Tiles at least this many pixels wide: a 3x3 filter is enlarged more than a 32x32 image. */
    static final int TILE = 64;
    /** Height of each line under the title that says what the tiles are. */
    static final int SUBTITLE_LINE = 16;

    private WeightTiles() {}

    /**
     * The units drawn out of {@code units}: all when there are at most {@link #MOST}, else
     * {@link #MOST} evenly spaced from the first (a sample, not a selection of the best-looking).
     */
    public static int[] chosen(int units) {
        int count = Math.min(units, MOST);
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) {
            chosen[i] = (int) ((long) i * units / count);
        }
        return chosen;
    }

    /** What the figure says of the units drawn: "all 64 filters", "100 of 1024 units, an even sample (...)". */
    public static String which(int units, String noun) {
        if (units <= MOST) {
            return "all " + units + " " + noun;
        }
        return String.format(Locale.ROOT, "%d of %d %s, an even sample (every %.2fth from the first), not the"
                + " best-looking", MOST, units, noun, (double) units / MOST);
    }

    /**
     * @param subtitle lines under the title that say what the tiles are
     * @param weights the first layer's weight, unit by unit: {@code units} rows of channels x side x side values
     * @param side 32 for an MLP's inputs, 3 for a 3x3 filter
     */
    public static byte[] png(String title, List<String> subtitle, float[] weights, int units, int channels, int side)
            throws IOException {
        int[] chosen = chosen(units);
        int per = channels * side * side;
        if (weights.length != (long) units * per || channels != 3) {
            throw new IllegalArgumentException("expected " + units + " units of 3x" + side + "x" + side + " weights, got "
                    + weights.length + " values of " + channels + " channels");
        }
        int scale = Math.max(1, (TILE + side - 1) / side);
        int tile = side * scale;
        int columns = (int) Math.ceil(Math.sqrt(chosen.length));
        int rows = (chosen.length + columns - 1) / columns;
        int width = GAP + columns * (tile + GAP);
        int top = Panels.TITLE_HEIGHT + subtitle.size() * SUBTITLE_LINE;
        int height = top - Panels.TITLE_HEIGHT + GAP + rows * (tile + LABEL + GAP);
        BufferedImage image = Panels.titled(title, Math.max(width, 480), height);
        int left = (image.getWidth() - width) / 2;
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int line = 0; line < subtitle.size(); line++) {
                String text = subtitle.get(line);
                g.drawString(text, Math.max(Panels.TITLE_MARGIN, (image.getWidth() - g.getFontMetrics().stringWidth(text)) / 2),
                        Panels.TITLE_HEIGHT + (line + 1) * SUBTITLE_LINE - 4);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i < chosen.length; i++) {
                int x = left + GAP + (i % columns) * (tile + GAP);
                int y = top + GAP + (i / columns) * (tile + LABEL + GAP);
                drawUnit(image, weights, chosen[i] * per, side, scale, x, y);
                g.setColor(Color.DARK_GRAY);
                String label = "#" + chosen[i];
                g.drawString(label, x + (tile - g.getFontMetrics().stringWidth(label)) / 2, y + tile + LABEL - 3);
            }
        } finally {
            g.dispose();
        }
        return Panels.encode(image);
    }

    /** One unit's channels (R, G, B planes of side x side) as a tile, scaled to the unit's own range. */
    private static void drawUnit(BufferedImage image, float[] weights, int from, int side, int scale, int x, int y) {
        int plane = side * side;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = from; k < from + 3 * plane; k++) {
            min = Math.min(min, weights[k]);
            max = Math.max(max, weights[k]);
        }
        // A unit whose weights are all equal is drawn mid-grey rather than divided by zero.
        float range = max > min ? max - min : 1f;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int[] rgb = new int[3];
                for (int ch = 0; ch < 3; ch++) {
                    float v = max > min ? (weights[from + ch * plane + r * side + c] - min) / range : 0.5f;
                    rgb[ch] = Math.round(v * 255);
                }
                int color = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x + c * scale + dx, y + r * scale + dy, color);
                    }
                }
            }
        }
    }
}
