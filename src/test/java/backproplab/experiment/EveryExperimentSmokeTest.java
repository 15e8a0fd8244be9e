package backproplab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import backproplab.results.MetricsCsv;
import backproplab.train.EvalPoint;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every experiment of experiments/ runs end to end through Main on the fixture, for a few steps. */
class EveryExperimentSmokeTest {

    static List<String> ids() {
        return new ExperimentCatalog(Path.of("experiments")).all().stream().map(ExperimentSpec::id).toList();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void runsThroughMainOnTheFixture(String id, @TempDir Path out) throws Exception {
        List<ExperimentResult> results = Main.run(Map.of(
                "exp", id,
                "data", "src/test/resources/cifar10-fixture",
                "steps", "3",
                "evalEvery", "2",
                "batchSize", "20",
                "evalBatchSize", "50",
                "out", out.toString()), new PrintStream(new ByteArrayOutputStream()));
        assertFalse(results.isEmpty());
        Path folder = out.resolve(id);
        JsonObject summary = JsonParser.parseString(Files.readString(folder.resolve("summary.json"))).getAsJsonObject();
        assertEquals(id, summary.get("id").getAsString());
        assertEquals(3, summary.get("steps").getAsInt());
        double best = summary.get("bestTestAccuracy").getAsDouble();
        assertTrue(best >= 0 && best <= 1, "best accuracy " + best);
        assertTrue(ImageIO.read(folder.resolve("curves.png").toFile()).getWidth() > 0);
        // Each training run (the experiment's own, or <id>-<batch norm> for section 3) evaluated steps 1, 2, 3.
        List<Path> runs;
        try (var folders = Files.list(out)) {
            runs = folders.filter(f -> f.getFileName().toString().startsWith(id))
                    .map(f -> f.resolve("metrics.csv")).filter(Files::exists).toList();
        }
        assertEquals(id.equals("batchnorm") ? 3 : 1, runs.size(), runs.toString());
        for (Path csv : runs) {
            List<EvalPoint> points = MetricsCsv.read(csv);
            assertEquals(List.of(1, 2, 3), points.stream().map(EvalPoint::step).toList(), csv.toString());
            points.forEach(p -> assertTrue(Double.isFinite(p.trainLoss()) && Double.isFinite(p.testLoss()), csv.toString()));
        }
    }
}
