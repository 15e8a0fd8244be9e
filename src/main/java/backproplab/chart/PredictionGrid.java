package backproplab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * predictions.png: test images in a grid, a column per true class, the first {@link #ROWS} test
 * images of that class from the top, each drawn from its raw pixels and enlarged without blur
 * (each pixel a {@value #SCALE}x{@value #SCALE} square), with the predicted class below it; a
 * wrong prediction is framed and written in red.
 */
public final class PredictionGrid {

    public static final int ROWS = 6;
    static final int SCALE = 3;
    static final int SIDE = 32 * SCALE;
    static final int GAP = 10;
    static final int HEADER = 26;
    static final int LABEL = 20;
    static final int FRAME = 3;
    public static final Color WRONG = new Color(214, 39, 40);
    static final Color RIGHT = new Color(44, 140, 44);

    private PredictionGrid() {}

    /**
     * The test images the grid shows: for each class, the first {@link #ROWS} test images whose
     * label it is, in test-set order.
     *
     * @return indices by class (column), then row
     */
    public static List<int[]> chosen(long[] labels, int classes) {
        List<int[]> columns = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int[] rows = new int[ROWS];
            int found = 0;
            for (int i = 0; i < labels.length && found < ROWS; i++) {
                if (labels[i] == c) {
                    rows[found++] = i;
                }
            }
            columns.add(Arrays.copyOf(rows, found));
        }
        return columns;
    }

    /** Where the image of column {@code c}, row {@code r} starts: x, y in the PNG. */
    public static int[] imageOrigin(int c, int r) {
        return new int[] {GAP + c * (SIDE + GAP), Panels.TITLE_HEIGHT + HEADER + r * (SIDE + LABEL + GAP)};
    }

    /**
     * @param rawImage test image i's pixels, CHW, 0-255
     * @param predicted every test image's predicted class
     */
    public static byte[] png(String title, long[] labels, int[] predicted, List<String> classes,
            IntFunction<float[]> rawImage) throws IOException {
        List<int[]> columns = chosen(labels, classes.size());
        int width = GAP + classes.size() * (SIDE + GAP);
        int height = HEADER + ROWS * (SIDE + LABEL + GAP);
        BufferedImage image = Panels.titled(title, width, height);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font header = new Font(Font.SANS_SERIF, Font.BOLD, 13);
            for (int c = 0; c < columns.size(); c++) {
                int x = imageOrigin(c, 0)[0];
                g.setColor(Color.BLACK);
                g.setFont(header);
                String name = classes.get(c);
                g.drawString(name, x + (SIDE - g.getFontMetrics().stringWidth(name)) / 2, Panels.TITLE_HEIGHT + HEADER - 8);
                int[] rows = columns.get(c);
                for (int r = 0; r < rows.length; r++) {
                    int[] at = imageOrigin(c, r);
                    drawPixels(image, rawImage.apply(rows[r]), at[0], at[1]);
                    int guess = predicted[rows[r]];
                    boolean right = guess == c;
                    String label = (right ? "" : "\u2192 ") + classes.get(guess);
                    g.setColor(right ? RIGHT : WRONG);
                    g.setFont(new Font(Font.SANS_SERIF, right ? Font.PLAIN : Font.BOLD, 12));
                    g.drawString(label, at[0] + (SIDE - g.getFontMetrics().stringWidth(label)) / 2, at[1] + SIDE + 15);
                    if (!right) {
                        g.setStroke(new BasicStroke(FRAME));
                        // Outside the image, which stays as the data file has it.
                        g.drawRect(at[0] - 2, at[1] - 2, SIDE + 3, SIDE + 3);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return Panels.encode(image);
    }

    /** Each pixel a SCALE x SCALE square, straight from the 0-255 values: no interpolation. */
    private static void drawPixels(BufferedImage image, float[] chw, int x0, int y0) {
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int rgb = (channel(chw[y * 32 + x]) << 16) | (channel(chw[1024 + y * 32 + x]) << 8)
                        | channel(chw[2048 + y * 32 + x]);
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        image.setRGB(x0 + x * SCALE + dx, y0 + y * SCALE + dy, rgb);
                    }
                }
            }
        }
    }

    private static int channel(float value) {
        return Math.max(0, Math.min(255, Math.round(value)));
    }
}
