package backproplab.saved;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import backproplab.Main;
import backproplab.data.CifarData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README lets a reader run right after a clone: the committed network of mlp-djl's seed 42
 * predicts the example images in docs/examples, and analyses the fixture's test set from a copy.
 */
class ExamplesTest {

    static final Path MODEL = Path.of("results/mlp-djl/seed-42/model");
    static final Path EXAMPLES = Path.of("docs/examples");
    /** {@code test-<index>-<class>.png}: the test image at that index of the fixture's test set. */
    private static final Pattern NAME = Pattern.compile("test-([0-9]{4})-([a-z]+)\\.png");

    /**
     * Each example is its fixture test image, pixel for pixel, of the class its name says; the
     * README's predict command gives it the probabilities the committed network gives that image
     * through the data pipeline.
     */
    @Test
    void theExamplesArePredictedAsTheCommittedNetworkSeesThem() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.sorted().toList();
        }
        assertEquals(CifarData.CLASSES, files.size(), "one image of each class");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<Path, Classifications> predicted = Prediction.run(MODEL, List.of(EXAMPLES.toString()), 3,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of(PredictionTest.FIXTURE));
                SavedModel.Loaded loaded = SavedModel.load(MODEL, PredictionTest::block)) {
            for (Path file : files) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                assertTrue(name.matches(), file.toString());
                int index = Integer.parseInt(name.group(1));
                int label = data.testLabels().get(index).toType(DataType.INT32, false).getInt();
                assertEquals(name.group(2), CifarData.CLASS_NAMES.get(label), file + ": its class");
                assertSamePixels(data.rawTestImage(index), ImageIO.read(file.toFile()), file);
                // The raw pixels through the network's own preprocessing (its mean image, not the fixture's).
                NDArray raw = manager.create(data.rawTestImage(index)).reshape(1, 3072);
                NDArray output = loaded.outputs(loaded.preprocessed(raw)).get(0).softmax(0);
                float[] probabilities = output.toFloatArray();
                Classifications classes = predicted.get(file);
                for (int c = 0; c < CifarData.CLASSES; c++) {
                    assertEquals(probabilities[c], classes.get(CifarData.CLASS_NAMES.get(c)).getProbability(), 1e-6,
                            file + " class " + c);
                }
            }
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(CifarData.CLASSES, lines.size(), "a line each");
        // The outputs the pages show are lines this run printed.
        for (Path page : List.of(Path.of("README.md"), Path.of("docs/train-resume-predict.md"))) {
            List<String> shown = Files.readString(page).lines().filter(line -> line.startsWith(EXAMPLES + "/"))
                    .toList();
            assertFalse(shown.isEmpty(), page + " shows no prediction");
            shown.forEach(line -> assertTrue(lines.contains(line), page + " shows what predict does not print: "
                    + line));
        }
    }

    /** The README's analyse command, on a copy of the committed network: its figures beside the copy. */
    @Test
    void theCommittedNetworkIsAnalysedFromACopy(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("model");
        try (Stream<Path> files = Files.walk(MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(MODEL.relativize(file).toString()));
            }
        }
        Main.run(Map.of("exp", "analyse", "saved", copy.toString(), "data", PredictionTest.FIXTURE),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (String figure : List.of("confusion.png", "predictions.png", "weights.png", "analysis.json")) {
            assertTrue(Files.size(tmp.resolve(figure)) > 0, figure);
        }
    }

    private static void assertSamePixels(float[] chw, BufferedImage image, Path file) {
        assertEquals(List.of(32, 32), List.of(image.getWidth(), image.getHeight()), file.toString());
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int rgb = image.getRGB(x, y);
                int p = y * 32 + x;
                assertEquals(List.of((int) chw[p], (int) chw[1024 + p], (int) chw[2048 + p]),
                        List.of(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF), file + " at " + x + "," + y);
            }
        }
    }
}
