package backproplab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import backproplab.Main;
import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.saved.SavedModel;
import backproplab.util.UserError;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Dexp=predict: images through DJL's ImageFactory, a Translator and a Predictor. */
class PredictionTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    static final int IMAGES = 12;

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
        Map<Path, Classifications> predictions = Prediction.run(model.toString(), List.of(images.toString()), 2,
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
        String first = printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertTrue(first.matches(".*test-00\\.png: \\w+ \\d+\\.\\d%, \\w+ \\d+\\.\\d%"), first);
    }

    @Test
    void badInputEndsInOneLine(@TempDir Path tmp) throws Exception {
        String model = out.resolve("convnet").resolve(SavedModel.FOLDER).toString();
        Path notAnImage = Files.writeString(tmp.resolve("cat.png"), "not an image");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Map<String, String> cases = new HashMap<>();
        cases.put(notAnImage.toString(), "is not an image DJL can read");
        cases.put(tmp.resolve("missing.jpg").toString(), "does not exist");
        cases.put(empty.toString(), "no images");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            UserError e = assertThrows(UserError.class, () -> Prediction.run(model, List.of(c.getKey()), 3, quiet()));
            assertTrue(e.getMessage().contains(c.getValue()) && !e.getMessage().contains("\n"), e.getMessage());
        }
        Path picture = tmp.resolve("fine.png");
        writePng(new float[CifarData.PIXELS], picture);
        UserError notAModel = assertThrows(UserError.class,
                () -> Prediction.run(tmp.toString(), List.of(picture.toString()), 3, quiet()));
        assertTrue(notAModel.getMessage().contains("is not a saved model"), notAModel.getMessage());
    }

    private static Block block(Map<String, String> settings) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.remove("name");
        return Models.block(ExperimentSpec.parse("convnet", "spec.json", copy));
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

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
