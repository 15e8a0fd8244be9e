package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -Dexp=predict on images of any size: a photo far larger than the heap predicts as a small
 * image of it does, and a header that claims an absurd size ends in one line.
 */
class ImageSizeTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    /** A heap where a 6000x6000 RGB image cannot be held whole: 108 MB as decoded, 144 MB as int RGB. */
    static final List<String> SMALL_HEAP = List.of("-Xmx64m");

    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void trainAModel() {
        Path out = tmp.resolve("results");
        Main.run(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "2", "batchSize", "20", "out", out.toString()),
                new PrintStream(new ByteArrayOutputStream()));
        model = out.resolve("mlp-djl").resolve("model");
    }

    /**
     * A 6000x6000 PNG of one colour (a small file) is predicted by a JVM of 64 MB of heap, and
     * given the probabilities a 40x30 image of the same colour gets.
     */
    @Test
    void aPhotoLargerThanTheHeapIsPredictedAsASmallImageOfIt() throws Exception {
        int colour = 0x3c8ad2;
        Path large = tmp.resolve("large.png");
        writeOneColourPng(large, 6000, 6000, colour);
        Path small = tmp.resolve("small.png");
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, colour);
            }
        }
        ImageIO.write(image, "png", small.toFile());
        ChildRun run = ChildRun.run(SMALL_HEAP, Map.of("exp", "predict", "saved", model.toString(),
                "image", large + "," + small, "top", "10"), tmp.resolve("large.log"));
        assertEquals(0, run.exitCode(), run.output());
        String largeLine = prediction(run, large);
        String smallLine = prediction(run, small);
        assertTrue(smallLine.matches("(\\w+ \\d+\\.\\d%, ){9}\\w+ \\d+\\.\\d%"), smallLine);
        assertEquals(smallLine, largeLine, "every class's probability, as printed");
    }

    /**
     * PNG headers that claim 100000x100000 (more than ImageIO's PNG reader takes) and 20000x20000
     * pixels, followed by a few bytes: each ends the run in one line, nothing predicted.
     */
    @Test
    void aHeaderClaimingAHugeSizeOverShortDataIsOneLine() throws Exception {
        for (int side : new int[] {100_000, 20_000}) {
            Path file = tmp.resolve("claims-" + side + ".png");
            Files.write(file, png(side, side, new byte[] {1, 2, 3}));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            UserError e = assertThrows(UserError.class, () -> Main.run(Map.of("exp", "predict", "saved",
                    model.toString(), "image", file.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().startsWith(UserPath.shown(file) + " is not an image ImageIO can read")
                    && !e.getMessage().contains("\n"), e.getMessage());
            assertEquals(0, printed.size(), "nothing predicted");
        }
    }

    /**
     * A header 10 million pixels wide: ImageIO's PNG reader allocates rows of the width the header
     * gives, more than a 64 MB heap has; the run ends in one line that says so.
     */
    @Test
    void aRowWiderThanTheHeapIsOneLine() throws Exception {
        Path file = tmp.resolve("wide.png");
        Files.write(file, png(10_000_000, 200, new byte[] {1, 2, 3}));
        ChildRun run = ChildRun.run(SMALL_HEAP, Map.of("exp", "predict", "saved", model.toString(),
                "image", file.toString()), tmp.resolve("wide.log"));
        assertEquals(2, run.exitCode(), run.output());
        assertEquals(List.of("error: " + UserPath.shown(file) + " is not an image ImageIO can read (PNG, JPEG, BMP, GIF):"
                + " decoding its 10000000x200 pixels ran out of memory (Java heap space)"), run.lines(), run.output());
        assertFalse(run.output().contains("\tat "), run.output());
    }

    /** What the run printed for {@code image}, after "image: ". */
    private static String prediction(ChildRun run, Path image) {
        String start = UserPath.shown(image) + ": ";
        return run.lines().stream().filter(line -> line.startsWith(start)).map(line -> line.substring(start.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + image + ": " + run.output()));
    }

    /** An 8-bit RGB PNG of one colour, deflated row by row: a few hundred KB whatever its size. */
    private static void writeOneColourPng(Path file, int width, int height, int colour) throws IOException {
        byte[] row = new byte[1 + 3 * width];
        for (int x = 0; x < width; x++) {
            row[1 + 3 * x] = (byte) (colour >> 16);
            row[2 + 3 * x] = (byte) (colour >> 8);
            row[3 + 3 * x] = (byte) colour;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (OutputStream deflated = new DeflaterOutputStream(data)) {
            for (int y = 0; y < height; y++) {
                deflated.write(row);
            }
        }
        Files.write(file, png(width, height, data.toByteArray()));
    }

    /** A PNG of these sizes (8-bit RGB) whose image data is {@code deflated}, whatever it holds. */
    static byte[] png(int width, int height, byte[] deflated) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream fields = new DataOutputStream(header);
        fields.writeInt(width);
        fields.writeInt(height);
        // 8 bits a sample, colour type 2 (RGB), deflate, filters of type 0 to 4, not interlaced
        fields.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", header.toByteArray());
        chunk(out, "IDAT", deflated);
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
