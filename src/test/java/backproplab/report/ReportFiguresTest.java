package backproplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.results.RunFolder;
import backproplab.results.RunStatus;
import backproplab.util.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report figures and titles say about the runs they draw. */
class ReportFiguresTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @Test
    void figures3To6SayWhichCurveIsTheMeanOfSeveralSeeds(@TempDir Path out) throws Exception {
        run(Map.of("exp", "mlp-djl", "seeds", "2", "out", out.toString()));
        run(Map.of("exp", "mlp-deep-adam", "hidden", "8", "out", out.toString()));
        Map<String, ?> story = ReportFigures.storyCurves(ReportFigures.ReportRuns.load(out, new ResultsReader(quiet())));
        assertEquals(List.of("mlp-djl (mean of 2 seeds)", "mlp-deep-adam"), List.copyOf(story.keySet()));
    }

    @Test
    void aDivergedRunSaysSoInItsTitlesAndInTheFiguresLegends(@TempDir Path out) throws Exception {
        assertThrows(UserError.class, () -> run(Map.of("exp", "mlp-djl", "learningRate", "1e3", "steps", "60",
                "evalEvery", "50", "out", out.toString())));
        RunStatus status = Summary.statusOf(new RunFolder(out.resolve("mlp-djl")));
        assertTrue(status.diverged());
        assertTrue(status.titleSuffix().startsWith(": diverged at step "), status.titleSuffix());
        run(Map.of("exp", "mlp-deep-adam", "hidden", "8", "out", out.toString()));
        Map<String, ?> story = ReportFigures.storyCurves(ReportFigures.ReportRuns.load(out, new ResultsReader(quiet())));
        assertEquals("mlp-djl (diverged at step " + status.stepsDone() + ")", story.keySet().iterator().next());
        String table = Files.readString(out.resolve("README.md"));
        assertTrue(table.contains("| [mlp-djl](mlp-djl/) (diverged at step " + status.stepsDone() + ") |"), table);
    }

    @Test
    void everyTitleNamesTheReportSectionTheSameWay() {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        ExperimentSpec djl = catalog.load("mlp-djl", Map.of());
        assertEquals("mlp-djl (section 2, Fig. 1b 2b)", ChartTitles.run("mlp-djl", djl));
        assertEquals("batchnorm (section 3): test accuracy per batch norm",
                ChartTitles.batchNormComparison(catalog.load("batchnorm", Map.of())));
        for (ExperimentSpec spec : catalog.all()) {
            assertTrue(spec.shown().reportLabel().startsWith("section "), spec.shown().reportLabel());
        }
    }

    /**
     * Each experiment has one colour in every figure that sets experiments side by side, whatever
     * its legend adds ("(mean of 3 seeds)"), and the catalog's experiments each their own, but
     * section 3's batch norms, which share a hue.
     */
    @Test
    void eachExperimentHasOneColourInEveryComparison() {
        Map<String, java.awt.Color> colors = ReportFigures.colorsOf(List.of("mlp-djl (mean of 3 seeds)",
                "mlp-deep-adam", "mlp-deep-adam-3000 (interrupted at step 5)"));
        assertEquals(List.of(ExperimentColors.of("mlp-djl"), ExperimentColors.of("mlp-deep-adam"),
                ExperimentColors.of("mlp-deep-adam-3000")), List.copyOf(colors.values()));
        List<String> ids = new ExperimentCatalog(Path.of("experiments")).all().stream().map(ExperimentSpec::id)
                .toList();
        assertEquals(ids.size(), ids.stream().map(ExperimentColors::of).distinct().count(), "one colour each: " + ids);
        List<String> batchNorms = List.of("batchnorm-builtin", "batchnorm-autograd", "batchnorm-manual");
        assertEquals(3, batchNorms.stream().map(ExperimentColors::of).distinct().count());
        assertEquals(ExperimentColors.of("batchnorm"), ExperimentColors.of("batchnorm-manual"));
        assertEquals(ExperimentColors.of("my-own"), ExperimentColors.of("my-own"), "an experiment of the user's too");
    }

    /**
     * One seed's figures say their seed, a lone run's none; a sweep point's say its values, not the
     * report's figure (whether its run draws them, with the point in its id, or -Dexp=figures).
     */
    @Test
    void aSeedsFiguresSayTheirSeed(@TempDir Path tmp) {
        ExperimentSpec djl = new ExperimentCatalog(Path.of("experiments")).load("mlp-djl", Map.of());
        RunFolder experiment = RunFolder.of(tmp, "mlp-djl");
        assertEquals("mlp-djl (section 2, Fig. 1b 2b), seed 43",
                ChartTitles.curves("mlp-djl", djl, experiment.seed(43), 1, RunStatus.finished(7)));
        assertEquals("mlp-djl (section 2, Fig. 1b 2b)", ChartTitles.curves("mlp-djl", djl, experiment, 1,
                RunStatus.finished(7)));
        for (String id : List.of("mlp-djl,learningRate=1e-3,batchNorm=builtin", "mlp-djl")) {
            assertEquals("mlp-djl, learningRate=1e-3, batchNorm=builtin (a sweep's point)", ChartTitles.curves(id, djl,
                    RunFolder.of(tmp, "learningRate=1e-3,batchNorm=builtin"), 1, RunStatus.finished(7)));
        }
    }

    private static void run(Map<String, String> options) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("data", FIXTURE, "steps", "3", "evalEvery", "2",
                "batchSize", "20", "evalBatchSize", "50"));
        all.putAll(options);
        Main.run(all, quiet());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
