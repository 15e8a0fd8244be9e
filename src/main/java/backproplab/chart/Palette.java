package backproplab.chart;

import java.awt.Color;

/** Ten colours that tell apart, on white and in print (Tableau's ten), for lines that are not in an order. */
public final class Palette {

    private Palette() {}

    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    /** The colour {@code i} (from 0), the ten again from the eleventh on. */
    public static Color at(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }
}
