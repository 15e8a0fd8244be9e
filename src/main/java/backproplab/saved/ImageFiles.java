package backproplab.saved;

import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The images {@code -Dimage} names for {@code -Dexp=predict}: the files, each checked by its
 * header alone, and each decoded by ImageIO into an 8-bit RGB image of at most
 * {@value #DECODED_SIDE} pixels a side when its turn comes.
 */
final class ImageFiles {

    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /**
     * The longest side an image is decoded at: 16 times the network's 32, so that the area
     * averaging that brings it to 32x32 (DJL's resize, {@code SCALE_SMOOTH}) still averages each
     * pixel over at least 8 samples along a subsampled side (at least half of 512 are left), as
     * it averages over every pixel of an image decoded whole. An image at most this big on both
     * sides (the common sizes of the web) is decoded whole, pixel for pixel; a larger one
     * subsampled, each side on its own (the resize stretches each to 32 on its own): at most
     * 512x512 pixels, 1 MB as int RGB, whatever size its header gives.
     */
    static final int DECODED_SIDE = 16 * CifarTranslator.SIDE;

    private static final String FORMATS = "PNG, JPEG, BMP, GIF";

    private static final String NO_HEADER = "its first bytes are none of these formats' header";

    private ImageFiles() {}

    /** The files named, a folder standing for the images in it (by name, in order). */
    static List<Path> list(List<String> names) {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path path = UserPath.parse(name);
            if (Files.isDirectory(path)) {
                List<Path> inFolder;
                try (Stream<Path> list = Files.list(path)) {
                    inFolder = list.filter(ImageFiles::isImageName).sorted().toList();
                } catch (IOException e) {
                    throw new UserError("cannot list " + UserPath.shown(path) + ": " + e.getMessage(), e);
                }
                if (inFolder.isEmpty()) {
                    throw new UserError("no images (" + String.join(", ", EXTENSIONS) + ") in " + UserPath.shown(path));
                }
                files.addAll(inFolder);
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new UserError("no image at " + UserPath.shown(path) + ": the file does not exist");
            }
        }
        return files;
    }

    /**
     * Refuses a file that no ImageIO reader takes, or whose header gives no size, reading the
     * header alone: the pixels are decoded only when the file's turn comes.
     */
    static void checkHeader(Path file) {
        String problem;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            problem = headerProblem(in);
        } catch (IOException | RuntimeException e) {
            throw notAnImage(file, e);
        }
        if (problem != null) {
            throw notAnImage(file, problem, null);
        }
    }

    /** What is wrong with the header the stream starts with, or null when a reader takes it. */
    private static String headerProblem(ImageInputStream in) throws IOException {
        ImageReader reader = reader(in);
        if (reader == null) {
            return NO_HEADER;
        }
        try {
            return reader.getWidth(0) < 1 || reader.getHeight(0) < 1 ? "its header gives no size" : null;
        } finally {
            reader.dispose();
        }
    }

    /** The first reader that takes the stream's header (as ImageIO.read picks it), set on it; null when none does. */
    private static ImageReader reader(ImageInputStream in) {
        Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
        if (readers == null || !readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    /**
     * The file's pixels as an 8-bit RGB image ({@link #toRgb}), at most {@value #DECODED_SIDE}
     * pixels a side: one within that on both sides decoded whole, as ImageIO.read decodes it; a
     * larger one subsampled as it is decoded, so that its full size is never held.
     */
    static BufferedImage readRgb(Path file) {
        BufferedImage decoded = null;
        int width = 0;
        int height = 0;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = reader(in);
            if (reader != null) {
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                    decoded = reader.read(0, subsampled(reader.getDefaultReadParam(), width, height));
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e.getCause() instanceof OutOfMemoryError tooBig) {
                // The PNG reader wraps what it could not allocate.
                throw outOfMemory(file, width, height, tooBig);
            }
            throw notAnImage(file, e);
        } catch (OutOfMemoryError e) {
            // A reader's buffers follow the header's width alone (a row of it, say): an absurd one
            // asks for more than there is, in one allocation that fails and leaves the heap as it was.
            throw outOfMemory(file, width, height, e);
        }
        if (decoded == null) {
            throw notAnImage(file, NO_HEADER, null);
        }
        return toRgb(decoded);
    }

    /**
     * The read parameter that decodes a width x height image at most {@value #DECODED_SIDE} a
     * side: every n-th column and row, n the smallest that fits, each sample the centre of the
     * n x n pixels it stands for. n is 1 for an image within the bound: it is decoded whole.
     */
    static ImageReadParam subsampled(ImageReadParam param, int width, int height) {
        // Rounded up without overflow (a header may give any int).
        int columnStep = (width - 1) / DECODED_SIDE + 1;
        int rowStep = (height - 1) / DECODED_SIDE + 1;
        if (columnStep > 1 || rowStep > 1) {
            param.setSourceSubsampling(columnStep, rowStep, columnStep / 2, rowStep / 2);
        }
        return param;
    }

    /**
     * The image drawn into a TYPE_INT_RGB one, before anything else touches it. DJL's resize draws
     * into a new image of the source's type, which goes wrong for two kinds of PNG: a 16-bit one
     * decodes as TYPE_CUSTOM, which BufferedImage's constructor refuses ("Unknown image type 0"),
     * and a palette of 16 colours or fewer decodes as TYPE_BYTE_BINARY, whose new image gets the
     * default black-and-white palette. Drawing maps palette entries and 16-bit samples to 8-bit
     * sRGB; an 8-bit grey image keeps its grey levels (Java2D copies them, as DJL's own reading of
     * TYPE_BYTE_GRAY does); transparent pixels come out as drawn over black.
     */
    static BufferedImage toRgb(BufferedImage decoded) {
        if (decoded.getType() == BufferedImage.TYPE_INT_RGB) {
            return decoded;
        }
        BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.drawImage(decoded, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static UserError notAnImage(Path file, Exception e) {
        return notAnImage(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }

    private static UserError outOfMemory(Path file, int width, int height, OutOfMemoryError e) {
        return notAnImage(file, "decoding its " + width + "x" + height + " pixels ran out of memory (" + e.getMessage()
                + ")", e);
    }

    private static UserError notAnImage(Path file, String why, Throwable cause) {
        return new UserError(UserPath.shown(file) + " is not an image ImageIO can read (" + FORMATS + "): "
                + UserError.firstLine(why), cause);
    }
}
