package backproplab.tensorboard;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A figure as a PNG of at most 256 colours, for the event files: the first-layer weights and the
 * predictions are photographs of noise and of CIFAR-10 images, which an RGB PNG keeps at 250-400 KB
 * each, and a palette of 256 colours at about a third of that. A figure of 256 colours or fewer
 * keeps them exactly; one of more gets them by median cut over colours rounded to 5 bits a channel
 * (no dithering, so that flat chart areas stay flat).
 */
final class IndexedPng {

    private static final int COLOURS = 256;

    private IndexedPng() {}

    static byte[] encode(BufferedImage image) throws IOException {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        int[] palette = exactPalette(rgb);
        if (palette == null) {
            palette = medianCut(rgb);
        }
        byte[] reds = new byte[palette.length];
        byte[] greens = new byte[palette.length];
        byte[] blues = new byte[palette.length];
        for (int i = 0; i < palette.length; i++) {
            reds[i] = (byte) (palette[i] >> 16);
            greens[i] = (byte) (palette[i] >> 8);
            blues[i] = (byte) palette[i];
        }
        IndexColorModel model = new IndexColorModel(8, palette.length, reds, greens, blues);
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        WritableRaster raster = indexed.getRaster();
        Map<Integer, Integer> nearest = new HashMap<>();
        int[] finalPalette = palette;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int colour = rgb[y * width + x] & 0xffffff;
                raster.setSample(x, y, 0, nearest.computeIfAbsent(colour, c -> nearestIndex(finalPalette, c)));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(indexed, "png", out);
        return out.toByteArray();
    }

    /** The image's colours when there are at most 256 of them, else null. */
    private static int[] exactPalette(int[] rgb) {
        LinkedHashSet<Integer> colours = new LinkedHashSet<>();
        for (int c : rgb) {
            colours.add(c & 0xffffff);
            if (colours.size() > COLOURS) {
                return null;
            }
        }
        return colours.stream().mapToInt(Integer::intValue).toArray();
    }

    /** 256 colours: boxes of the 5-bit colour cube split at their median along their longest side. */
    private static int[] medianCut(int[] rgb) {
        int[] counts = new int[1 << 15];
        for (int c : rgb) {
            counts[bin(c)]++;
        }
        List<int[]> bins = new ArrayList<>();
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                bins.add(new int[] {b >> 10, (b >> 5) & 31, b & 31, counts[b]});
            }
        }
        List<List<int[]>> boxes = new ArrayList<>(List.of(bins));
        while (boxes.size() < COLOURS) {
            List<int[]> widest = null;
            int widestSpan = 0;
            int widestAxis = 0;
            for (List<int[]> box : boxes) {
                for (int axis = 0; axis < 3; axis++) {
                    int span = span(box, axis);
                    if (box.size() > 1 && span > widestSpan) {
                        widest = box;
                        widestSpan = span;
                        widestAxis = axis;
                    }
                }
            }
            if (widest == null) {
                break;
            }
            int axis = widestAxis;
            widest.sort(Comparator.comparingInt(bin -> bin[axis]));
            long total = widest.stream().mapToLong(bin -> bin[3]).sum();
            long half = 0;
            int split = 1;
            for (int i = 0; i < widest.size() - 1; i++) {
                half += widest.get(i)[3];
                split = i + 1;
                if (half * 2 >= total) {
                    break;
                }
            }
            boxes.remove(widest);
            boxes.add(new ArrayList<>(widest.subList(0, split)));
            boxes.add(new ArrayList<>(widest.subList(split, widest.size())));
        }
        return boxes.stream().mapToInt(IndexedPng::meanColour).toArray();
    }

    /** A box's colour: the mean of its bins, each weighed by its pixels. */
    private static int meanColour(List<int[]> box) {
        double r = 0;
        double g = 0;
        double b = 0;
        long n = 0;
        for (int[] bin : box) {
            r += bin[0] * (double) bin[3];
            g += bin[1] * (double) bin[3];
            b += bin[2] * (double) bin[3];
            n += bin[3];
        }
        return channel(r / n) << 16 | channel(g / n) << 8 | channel(b / n);
    }

    /** A 5-bit level's 8-bit value, at the middle of the levels it stands for. */
    private static int channel(double level) {
        return Math.min(255, (int) Math.round(level * 8 + 4));
    }

    private static int span(List<int[]> box, int axis) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int[] bin : box) {
            min = Math.min(min, bin[axis]);
            max = Math.max(max, bin[axis]);
        }
        return max - min;
    }

    private static int bin(int rgb) {
        return ((rgb >> 19) & 31) << 10 | ((rgb >> 11) & 31) << 5 | ((rgb >> 3) & 31);
    }

    private static int nearestIndex(int[] palette, int colour) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = (palette[i] >> 16 & 255) - (colour >> 16 & 255);
            int dg = (palette[i] >> 8 & 255) - (colour >> 8 & 255);
            int db = (palette[i] & 255) - (colour & 255);
            int distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return best;
    }
}
