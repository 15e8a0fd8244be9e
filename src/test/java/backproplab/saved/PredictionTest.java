package backproplab.saved;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import backproplab.Main;
import backproplab.config.ExperimentSpec;
import backproplab.config.Input;
import backproplab.data.CifarData;
import backproplab.data.Preprocessing;
import backproplab.nn.NetworkBlock;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Dexp=predict: images through DJL's ImageFactory, a Translator and a Predictor. */
class PredictionTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    /** Two batches and one image more: the last batch, of one, is predicted as a batch of two. */
    static final int IMAGES = 2 * Prediction.BATCH + 1;

    @TempDir
    static Path out;

    @BeforeAll
    static void trainAConvNet() {
        Main.run(Map.of("exp", "convnet", "data", FIXTURE, "steps", "6", "evalEvery", "3", "batchSize", "20",
                "evalBatchSize", "50", "out", out.toString()), new PrintStream(new ByteArrayOutputStream()));
    }

    /**
     * Test images written out as PNG (their exact pixels) and predicted through the predict path
     * get the classes the saved network gives them through the data pipeline, as in the loop's
     * evaluation.
     */
    @Test
    void imagesWrittenAsPngArePredictedAsTheEvaluationPredictsThem(@TempDir Path images) throws Exception {
        Path model = out.resolve("convnet").resolve(SavedModel.FOLDER);
        int[] expected;
        float[][] probabilities = new float[IMAGES][];
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of(FIXTURE));
                SavedModel.Loaded loaded = SavedModel.load(model, PredictionTest::block)) {
            NDArray outputs = loaded.outputs(data.testImages().get(new NDIndex().addSliceDim(0, IMAGES)));
            expected = outputs.argMax(1).toType(DataType.INT32, false).toIntArray();
            for (int i = 0; i < IMAGES; i++) {
                probabilities[i] = outputs.get(i).softmax(0).toFloatArray();
                writePng(data.rawTestImage(i), images.resolve(String.format("test-%02d.png", i)));
            }
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<Path, Classifications> predictions = Prediction.run(model, List.of(images.toString()), 2,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(IMAGES, predictions.size());
        List<Path> files = List.copyOf(predictions.keySet());
        for (int i = 0; i < IMAGES; i++) {
            Classifications classes = predictions.get(files.get(i));
            assertEquals(CifarData.CLASS_NAMES.get(expected[i]), classes.best().getClassName(), files.get(i).toString());
            // Every class's probability too: a wrong pixel order or a missing mean image would move them.
            for (int c = 0; c < CifarData.CLASSES; c++) {
                assertEquals(probabilities[i][c], classes.get(CifarData.CLASS_NAMES.get(c)).getProbability(), 1e-6,
                        files.get(i) + " class " + c);
            }
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(IMAGES, lines.size(), "one line per image");
        for (int i = 0; i < IMAGES; i++) {
            assertTrue(lines.get(i).matches(String.format(".*test-%02d\\.png: \\w+ \\d+\\.\\d%%, \\w+ \\d+\\.\\d%%", i)),
                    lines.get(i));
        }
    }

    /**
     * A network trained on standardized pixels (-Dinput=standardize) keeps its preprocessing:
     * predicted from PNG files, test images get the probabilities the network gives them
     * standardized as the training run standardized them.
     */
    @Test
    void aNetworkOfStandardizedInputsPredictsThemStandardized(@TempDir Path images) throws Exception {
        Main.run(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "6", "evalEvery", "3", "batchSize", "20",
                "input", "standardize", "out", out.toString()), new PrintStream(new ByteArrayOutputStream()));
        Path model = out.resolve("mlp-djl").resolve(SavedModel.FOLDER);
        float[][] probabilities = new float[IMAGES][];
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of(FIXTURE));
                SavedModel.Loaded loaded = SavedModel.load(model, PredictionTest::block)) {
            Preprocessing standardize = Preprocessing.of(Input.STANDARDIZE, data, manager);
            NDArray outputs = loaded.outputs(standardize.apply(data.testImages().get(new NDIndex().addSliceDim(0,
                    IMAGES))));
            for (int i = 0; i < IMAGES; i++) {
                probabilities[i] = outputs.get(i).softmax(0).toFloatArray();
                writePng(data.rawTestImage(i), images.resolve(String.format("test-%02d.png", i)));
            }
        }
        Map<Path, Classifications> predictions = Prediction.run(model, List.of(images.toString()), 2,
                new PrintStream(new ByteArrayOutputStream()));
        List<Path> files = List.copyOf(predictions.keySet());
        for (int i = 0; i < IMAGES; i++) {
            for (int c = 0; c < CifarData.CLASSES; c++) {
                assertEquals(probabilities[i][c], predictions.get(files.get(i)).get(CifarData.CLASS_NAMES.get(c))
                        .getProbability(), 1e-5, files.get(i) + " class " + c);
            }
        }
    }

    /**
     * The images are decoded a batch at a time, as they are predicted: a file whose header is
     * fine but whose pixels are cut short ends the run at its own batch, after the batches before
     * it were printed, where reading every image first printed nothing.
     */
    @Test
    void aFolderIsDecodedAndPredictedOneBatchAtATime(@TempDir Path images) throws Exception {
        Path model = out.resolve("convnet").resolve(SavedModel.FOLDER);
        int good = 2 * Prediction.BATCH + 3;
        List<Path> files = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(); CifarData data = CifarData.load(manager, Path.of(FIXTURE))) {
            for (int i = 0; i < good; i++) {
                files.add(images.resolve(String.format("test-%02d.png", i)));
                writePng(data.rawTestImage(i), files.get(i));
            }
        }
        Path noise = images.resolve("zz-cut.png");
        writeNoisePng(noise);
        byte[] whole = Files.readAllBytes(noise);
        Files.write(noise, Arrays.copyOf(whole, whole.length / 2));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        UserError e = assertThrows(UserError.class, () -> Prediction.run(model, List.of(images.toString()), 1,
                new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("zz-cut.png is not an image") && !e.getMessage().contains("\n"),
                e.getMessage());
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        int before = good - good % Prediction.BATCH;
        assertEquals(before, lines.size(), String.join("\n", lines));
        for (int i = 0; i < before; i++) {
            assertTrue(lines.get(i).startsWith(UserPath.shown(files.get(i)) + ": "), lines.get(i));
        }
    }

    /** A 16-bit RGB PNG decodes as TYPE_CUSTOM, which DJL's resize could not copy. */
    @Test
    void aSixteenBitPngIsPredictedAsItsEightBitCopy(@TempDir Path images) throws Exception {
        Path reference = images.resolve("a-8-bit.png");
        Path sixteen = images.resolve("b-16-bit.png");
        ImageIO.write(redLeftBlueRight(), "png", reference.toFile());
        writeSixteenBitPng(sixteen);
        assertSamePrediction(images, reference, sixteen);
    }

    /** A PNG of 16 colours or fewer decodes as TYPE_BYTE_BINARY, which DJL's resize turned black and white. */
    @Test
    void aPalettePngIsPredictedInItsColours(@TempDir Path images) throws Exception {
        Path reference = images.resolve("a-8-bit.png");
        Path palette = images.resolve("b-palette.png");
        ImageIO.write(redLeftBlueRight(), "png", reference.toFile());
        writePalettePng(palette);
        assertSamePrediction(images, reference, palette);
    }

    @Test
    void decodedImagesKeepTheirColoursInEightBitRgb(@TempDir Path images) throws Exception {
        Path sixteen = images.resolve("16-bit.png");
        Path palette = images.resolve("palette.png");
        writeSixteenBitPng(sixteen);
        writePalettePng(palette);
        BufferedImage expected = redLeftBlueRight();
        for (Path file : List.of(sixteen, palette)) {
            assertTrue(ImageIO.read(file.toFile()).getType() != BufferedImage.TYPE_INT_RGB, "decodes as another type");
            BufferedImage rgb = ImageFiles.readRgb(file);
            assertEquals(BufferedImage.TYPE_INT_RGB, rgb.getType());
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    assertEquals(expected.getRGB(x, y), rgb.getRGB(x, y), file.getFileName() + " at " + x + "," + y);
                }
            }
        }
        // An 8-bit grey image keeps its levels, as DJL's own reading of TYPE_BYTE_GRAY gave them
        // (its colour model's getRGB would brighten them: 100 -> 168).
        Path grey = images.resolve("grey.png");
        BufferedImage levels = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        levels.getRaster().setSample(3, 2, 0, 100);
        ImageIO.write(levels, "png", grey.toFile());
        BufferedImage rgb = ImageFiles.readRgb(grey);
        assertEquals(0x646464, rgb.getRGB(3, 2) & 0xffffff);
        assertEquals(0x000000, rgb.getRGB(4, 2) & 0xffffff);
    }

    /**
     * An image within {@link ImageFiles#DECODED_SIDE} on both sides is decoded whole, pixel for
     * pixel; a larger one every n-th column and row, n the smallest that brings the side within
     * it (3 for the columns here, 2 for the rows), each sample the centre of the n x n pixels it
     * stands for.
     */
    @Test
    void aLargeImageIsDecodedSubsampledAndOneWithinTheBoundWhole(@TempDir Path images) throws Exception {
        int side = ImageFiles.DECODED_SIDE;
        BufferedImage within = noise(side, side / 2 + 3);
        ImageIO.write(within, "png", images.resolve("within.png").toFile());
        assertSamePixels(within, ImageFiles.readRgb(images.resolve("within.png")), 1, 1);
        BufferedImage larger = noise(3 * side - 100, 2 * side);
        ImageIO.write(larger, "png", images.resolve("larger.png").toFile());
        BufferedImage read = ImageFiles.readRgb(images.resolve("larger.png"));
        assertTrue(read.getWidth() <= side && read.getHeight() <= side, read.getWidth() + "x" + read.getHeight());
        assertSamePixels(larger, read, 3, 2);
    }

    /**
     * The 32x32 of a large image decoded subsampled is that of the image decoded whole: within 2
     * of 255 levels on smooth gradients that change by 3 to 8 levels from one pixel of the 32x32
     * to the next.
     */
    @Test
    void aLargeImageDecodedSubsampledGivesThe32x32OfItsWholeDecode(@TempDir Path images) throws Exception {
        int width = 1500;
        int height = 1100;
        BufferedImage gradients = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 255 * x / (width - 1);
                int g = 255 * y / (height - 1);
                int b = 255 * (x + y) / (width + height - 2);
                gradients.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Path file = images.resolve("gradients.png");
        ImageIO.write(gradients, "png", file.toFile());
        BufferedImage whole = at32(ImageFiles.toRgb(ImageIO.read(file.toFile())));
        BufferedImage subsampled = at32(ImageFiles.readRgb(file));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int a = (whole.getRGB(x, y) >> shift) & 0xff;
                    int b = (subsampled.getRGB(x, y) >> shift) & 0xff;
                    assertTrue(Math.abs(a - b) <= 2, "at " + x + "," + y + " channel " + shift + ": " + a + " and " + b);
                }
            }
        }
    }

    /** The image brought to 32x32 as the translator brings it. */
    private static BufferedImage at32(BufferedImage image) {
        return (BufferedImage) CifarTranslator.atSide(ImageFactory.getInstance().fromImage(image)).getWrappedImage();
    }

    /** {@code read} holds the pixels of {@code source} at the centres of its column x row blocks, and no more. */
    private static void assertSamePixels(BufferedImage source, BufferedImage read, int columnStep, int rowStep) {
        assertEquals((source.getWidth() - 1 - columnStep / 2) / columnStep + 1, read.getWidth(), "width");
        assertEquals((source.getHeight() - 1 - rowStep / 2) / rowStep + 1, read.getHeight(), "height");
        for (int y = 0; y < read.getHeight(); y++) {
            for (int x = 0; x < read.getWidth(); x++) {
                assertEquals(source.getRGB(columnStep * x + columnStep / 2, rowStep * y + rowStep / 2), read.getRGB(x, y),
                        "at " + x + "," + y);
            }
        }
    }

    /** Random colours, so that a pixel taken from the wrong place shows. */
    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    @Test
    void anEmptyImageNameIsRefusedBeforeAnythingIsRead(@TempDir Path tmp) throws Exception {
        Path model = out.resolve("convnet").resolve(SavedModel.FOLDER);
        Path picture = tmp.resolve("a.png");
        writePng(new float[CifarData.PIXELS], picture);
        for (String images : List.of("," + picture, picture + ",," + picture, picture + ",")) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            UserError e = assertThrows(UserError.class, () -> Main.run(Map.of("exp", "predict", "saved", model.toString(),
                    "image", images, "out", tmp.resolve("out").toString()), new PrintStream(printed)));
            assertTrue(e.getMessage().startsWith("bad value image=" + images + ": ") && !e.getMessage().contains("\n"),
                    e.getMessage());
            assertEquals(0, printed.size(), "nothing predicted");
        }
    }

    /** The folder's two images get the same probabilities, class by class. */
    private static void assertSamePrediction(Path folder, Path reference, Path other) {
        Path model = out.resolve("convnet").resolve(SavedModel.FOLDER);
        Map<Path, Classifications> predictions = Prediction.run(model, List.of(folder.toString()), 3, quiet());
        assertEquals(List.of(reference, other), List.copyOf(predictions.keySet()));
        for (String name : CifarData.CLASS_NAMES) {
            assertEquals(predictions.get(reference).get(name).getProbability(),
                    predictions.get(other).get(name).getProbability(), 1e-6, name);
        }
    }

    @Test
    void badInputEndsInOneLine(@TempDir Path tmp) throws Exception {
        Path model = out.resolve("convnet").resolve(SavedModel.FOLDER);
        Path notAnImage = Files.writeString(tmp.resolve("cat.png"), "not an image");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Map<String, String> cases = new HashMap<>();
        cases.put(notAnImage.toString(), "is not an image ImageIO can read");
        cases.put(tmp.resolve("missing.jpg").toString(), "does not exist");
        cases.put(empty.toString(), "no images");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            UserError e = assertThrows(UserError.class, () -> Prediction.run(model, List.of(c.getKey()), 3, quiet()));
            assertTrue(e.getMessage().contains(c.getValue()) && !e.getMessage().contains("\n"), e.getMessage());
        }
        Path picture = tmp.resolve("fine.png");
        writePng(new float[CifarData.PIXELS], picture);
        UserError notAModel = assertThrows(UserError.class,
                () -> Prediction.run(tmp, List.of(picture.toString()), 3, quiet()));
        assertTrue(notAModel.getMessage().contains("is not a saved model"), notAModel.getMessage());
    }

    static Block block(Map<String, String> settings) {
        return NetworkBlock.of(ExperimentSpec.ofSaved("spec.json", settings).hyper().network());
    }

    /** A 32x32 RGB PNG from CHW pixels 0-255. */
    private static void writePng(float[] chw, Path file) throws Exception {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int r = Math.round(chw[y * 32 + x]);
                int g = Math.round(chw[1024 + y * 32 + x]);
                int b = Math.round(chw[2048 + y * 32 + x]);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    static final int WIDTH = 40;
    static final int HEIGHT = 30;

    /** Not 32x32, so that it is resized: the left half red, the right half blue. */
    private static BufferedImage redLeftBlueRight() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, x < WIDTH / 2 ? 0xff0000 : 0x0000ff);
            }
        }
        return image;
    }

    /** {@link #redLeftBlueRight} with 16-bit samples. */
    private static void writeSixteenBitPng(Path file) throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(WIDTH, HEIGHT);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                raster.setPixel(x, y, x < WIDTH / 2 ? new int[] {65535, 0, 0} : new int[] {0, 0, 65535});
            }
        }
        ImageIO.write(new BufferedImage(model, raster, false, null), "png", file.toFile());
        assertEquals(16, ImageIO.read(file.toFile()).getColorModel().getComponentSize(0), "written with 16 bits");
    }

    /** {@link #redLeftBlueRight} as a 4-bit palette PNG (black, red, blue and 13 greys). */
    private static void writePalettePng(Path file) throws Exception {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        for (int i = 3; i < 16; i++) {
            r[i] = g[i] = b[i] = (byte) (i * 16);
        }
        r[1] = (byte) 255;
        b[2] = (byte) 255;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(4, 16, r, g, b));
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.getRaster().setSample(x, y, 0, x < WIDTH / 2 ? 1 : 2);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        BufferedImage read = ImageIO.read(file.toFile());
        assertTrue(read.getColorModel() instanceof IndexColorModel && read.getColorModel().getPixelSize() == 4,
                "written as a 4-bit palette");
    }

    /** A PNG of random pixels: it compresses to little, so half of it cuts into its pixel data. */
    private static void writeNoisePng(Path file) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
