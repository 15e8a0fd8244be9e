package backproplab.experiment;

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
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The images {@code -Dimage} names for {@code -Dexp=predict}: the files, each checked by its
 * header alone, and each decoded by ImageIO into an 8-bit RGB image when its turn comes.
 */
final class ImageFiles {

    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private static final String FORMATS = "PNG, JPEG, BMP, GIF";

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
        Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
        if (readers == null || !readers.hasNext()) {
            return "its first bytes are none of these formats' header";
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            return reader.getWidth(0) < 1 || reader.getHeight(0) < 1 ? "its header gives no size" : null;
        } finally {
            reader.dispose();
        }
    }

    /** The file's pixels as an 8-bit RGB image ({@link #toRgb}). */
    static BufferedImage readRgb(Path file) {
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw notAnImage(file, e);
        }
        if (decoded == null) {
            throw notAnImage(file, "no reader for its format", null);
        }
        return toRgb(decoded);
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

    private static UserError notAnImage(Path file, String why, Throwable cause) {
        return new UserError(UserPath.shown(file) + " is not an image ImageIO can read (" + FORMATS + "): "
                + UserError.firstLine(why), cause);
    }
}
