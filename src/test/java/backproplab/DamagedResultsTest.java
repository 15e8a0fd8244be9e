package backproplab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.results.RunLayout;
import backproplab.results.SmallDisk;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redraw of the report's figures and table (-Dexp=figures, and around every run) reads the
 * files of every run in the results folder. A file it cannot read is told in one warning line
 * naming it, and left out: the file stays byte for byte, its run's figures as they were, and the
 * other runs' figures and the table are redrawn. A folder of the user's named like a seed's is
 * never read nor deleted; a read-only folder refuses -Dexp=figures before it writes anything.
 */
class DamagedResultsTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    static final String LEFT_OUT = "): left out of the results table and figures; repair or delete it";
    /** What each figure that must not be redrawn is set to first: no redraw writes these bytes. */
    static final byte[] AS_IT_WAS = "a figure as it was before the redraw".getBytes(StandardCharsets.UTF_8);

    /** mlp-numpy, mlp-djl over two seeds and a sweep of mlp-djl over two learning rates, trained once for every test. */
    @TempDir
    static Path trained;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        Main.run(settings(trained, "exp", "mlp-numpy"), quiet());
        Main.run(settings(trained, "exp", "mlp-djl", "seeds", "2"), quiet());
        Main.run(settings(trained, "exp", "mlp-djl", "sweep.learningRate", "1e-3,2e-3"), quiet());
    }

    /**
     * A number damaged in a seed's diagnostics.csv: that seed's figures and the experiment's (drawn
     * from every seed) stay as they were, none of them half-redrawn; the command, as a user runs
     * it, ends normally after one warning line.
     */
    @Test
    void aDamagedNumberInDiagnosticsLeavesThatRunsFiguresAsTheyWere() throws Exception {
        Path out = copyOfTrained();
        Path seed = out.resolve("mlp-djl/seed-43");
        Path csv = seed.resolve(RunLayout.DIAGNOSTICS);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        // A digit read as a letter: the first number of the line.
        String damaged = lines.get(1).replaceFirst(",[0-9]", ",O");
        lines.set(1, damaged);
        Files.write(csv, lines);
        mark(seed);
        mark(out.resolve("mlp-djl"));
        mark(out.resolve("figures"));
        mark(out.resolve("mlp-numpy"));
        mark(out.resolve("mlp-djl/seed-42"));
        Map<String, String> before = NothingLostTest.snapshot(out.resolve("mlp-djl"));
        before.keySet().removeIf(name -> name.startsWith("seed-42"));
        byte[] figure1 = Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_1));

        ChildRun figures = ChildRun.run(Map.of("exp", "figures", "out", out.toString()), tmp.resolve("child.log"));

        assertEquals(0, figures.exitCode(), figures.output());
        assertFalse(figures.output().contains("\tat "), figures.output());
        assertEquals(List.of("warning: " + UserPath.shown(csv) + " cannot be read (line 2: not a diagnostics line: "
                + damaged + LEFT_OUT), warnings(figures.output()));
        Map<String, String> after = NothingLostTest.snapshot(out.resolve("mlp-djl"));
        after.keySet().removeIf(name -> name.startsWith("seed-42"));
        assertEquals(before, after, "the damaged seed and the experiment's figures drawn from it, as they were");
        assertArrayEquals(figure1, Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_1)),
                "Figure 1 draws mlp-djl: as it was");
        for (Path redrawn : List.of(out.resolve("mlp-numpy/curves.png"), out.resolve("mlp-numpy/diagnostics.png"),
                out.resolve("mlp-numpy/weights.png"), out.resolve("mlp-djl/seed-42/curves.png"),
                out.resolve("mlp-djl/seed-42/diagnostics.png"), out.resolve("figures/per-class-accuracy.png"))) {
            assertFalse(marked(redrawn), redrawn + " redrawn");
        }
        assertTableLists(out, List.of("mlp-numpy"), List.of("mlp-djl"));
    }

    /** An emptied metrics.csv, a truncated summary.json: the run left out, its files as they were. */
    @Test
    void anEmptyMetricsFileOrATruncatedSummaryIsLeftOutAndTheOtherRunsRedrawn() throws Exception {
        for (String file : List.of(RunLayout.METRICS, RunLayout.SUMMARY)) {
            Path out = copyOfTrained("results-" + file);
            Path numpy = out.resolve("mlp-numpy");
            Path damaged = numpy.resolve(file);
            String text = Files.readString(damaged);
            Files.writeString(damaged, file.equals(RunLayout.METRICS) ? "" : text.substring(0, text.length() / 2));
            mark(numpy);
            mark(out.resolve("figures"));
            mark(out.resolve("mlp-djl"));
            Map<String, String> before = NothingLostTest.snapshot(numpy);
            byte[] figure1 = Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_1));
            byte[] figure2 = Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_2));

            List<String> warnings = warnings(figures(out));

            assertEquals(1, warnings.size(), file + ": " + warnings);
            String start = "warning: " + UserPath.shown(damaged) + " cannot be read (";
            assertTrue(warnings.get(0).startsWith(start + (file.equals(RunLayout.METRICS) ? "the file is empty"
                    : "not a summary (")) && warnings.get(0).endsWith(LEFT_OUT), warnings.get(0));
            assertEquals(before, NothingLostTest.snapshot(numpy), "mlp-numpy's files as they were");
            assertArrayEquals(figure1, Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_1)));
            assertArrayEquals(figure2, Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_2)));
            assertFalse(marked(out.resolve("mlp-djl/curves.png")), "mlp-djl redrawn");
            assertFalse(marked(out.resolve("figures/per-class-accuracy.png")), "per-class figure redrawn");
            assertTableLists(out, List.of("mlp-djl"), List.of("mlp-numpy"));
        }
    }

    /**
     * A run stopped before its first evaluation has a metrics.csv of its header alone: nothing is
     * wrong with it, so nothing is told; it has no curves to draw, and stays in the table.
     */
    @Test
    void aMetricsFileWithItsHeaderAloneHasNoCurvesToDraw() throws Exception {
        Path out = copyOfTrained();
        Path numpy = out.resolve("mlp-numpy");
        Files.writeString(numpy.resolve(RunLayout.METRICS), "step,train_loss,train_acc,test_loss,test_acc,elapsed_s,rss_mb\n");
        mark(numpy);
        mark(out.resolve("figures"));
        mark(out.resolve("mlp-djl"));

        List<String> warnings = warnings(figures(out));

        assertEquals(List.of(), warnings);
        assertTrue(marked(numpy.resolve(RunLayout.CURVES)), "no curves drawn from no evaluations");
        assertTrue(marked(out.resolve("figures").resolve(RunLayout.FIGURE_1)), "Figure 1 draws mlp-numpy's curves");
        assertFalse(marked(numpy.resolve(RunLayout.CONFUSION)), "the confusion is the summary's: redrawn");
        assertFalse(marked(out.resolve("mlp-djl/curves.png")), "mlp-djl redrawn");
        assertTableLists(out, List.of("mlp-numpy", "mlp-djl"), List.of());
    }

    /** A truncated sweep.json: the sweep's files as they were, everything else redrawn. */
    @Test
    void aTruncatedSweepDefinitionLeavesTheSweepAsItWas() throws Exception {
        Path out = copyOfTrained();
        Path sweep = out.resolve("mlp-djl-sweep-learningRate");
        Path definition = sweep.resolve(RunLayout.SWEEP_DEFINITION);
        String text = Files.readString(definition);
        Files.writeString(definition, text.substring(0, text.indexOf("\"points\"")));
        mark(sweep);
        mark(out.resolve("mlp-numpy"));
        Map<String, String> before = NothingLostTest.snapshot(sweep);

        List<String> warnings = warnings(figures(out));

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: " + UserPath.shown(definition) + " cannot be read (")
                && warnings.get(0).endsWith("): the sweep's summary.csv and sweep.png are not redrawn;"
                        + " repair or delete it"), warnings.get(0));
        assertEquals(before, NothingLostTest.snapshot(sweep), "the sweep's files as they were");
        assertFalse(marked(out.resolve("mlp-numpy/curves.png")), "mlp-numpy redrawn");
        assertTableLists(out, List.of("mlp-numpy", "mlp-djl"), List.of());
    }

    /**
     * A seed's folder is seed-n as the suite writes it: a user's seed-42.bak or seed-007 beside the
     * seeds is neither read by the redraw nor emptied by a run, and stops no run.
     */
    @Test
    void foldersOfTheUsersNamedLikeSeedsAreNeverReadNorDeleted() throws Exception {
        Path out = copyOfTrained();
        Path djl = out.resolve("mlp-djl");
        List<Path> copies = List.of(djl.resolve("seed-42.bak"), djl.resolve("seed-007"));
        for (Path copy : copies) {
            copyTree(djl.resolve("seed-42"), copy);
            // Read as a seed, this would be told; emptied by a run, it would be gone.
            Files.writeString(copy.resolve(RunLayout.METRICS), "not metrics\n");
        }
        Map<String, String> before = new TreeMap<>();
        for (Path copy : copies) {
            before.put(copy.toString(), NothingLostTest.snapshot(copy).toString());
        }

        assertEquals(List.of(), warnings(figures(out)));
        Main.run(settings(out, "exp", "mlp-numpy"), quiet());
        Main.run(settings(out, "exp", "mlp-djl", "seeds", "2"), quiet());

        for (Path copy : copies) {
            assertEquals(before.get(copy.toString()), NothingLostTest.snapshot(copy).toString(), copy.toString());
        }
        assertTrue(RunLayout.isSeedFolder("seed-0") && RunLayout.isSeedFolder("seed-2147483647"));
        for (String name : List.of("seed-007", "seed-42.bak", "seed-", "seed--1", "seed-2147483648",
                "seed-99999999999")) {
            assertFalse(RunLayout.isSeedFolder(name), name);
        }
    }

    /**
     * -Dexp=figures into a results folder with a read-only folder in it (a seed's, on a read-only
     * mount): refused in one line naming it, before anything is written.
     */
    @Test
    void aReadOnlyFolderRefusesTheFiguresBeforeTheyWriteAnything() throws Exception {
        Path out = copyOfTrained();
        Path seed = out.resolve("mlp-djl/seed-43");
        try (SmallDisk disk = SmallDisk.replacing(seed, tmp.resolve("seed-43"), "64m")) {
            disk.readOnly();
            Map<String, String> before = NothingLostTest.snapshot(out);
            Map<String, String> times = modified(out);

            UserError e = assertThrows(UserError.class,
                    () -> Main.run(Map.of("exp", "figures", "out", out.toString()), quiet()));

            assertTrue(e.getMessage().startsWith("cannot write results to " + UserPath.shown(seed) + ": it is not writable"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(before, NothingLostTest.snapshot(out));
            assertEquals(times, modified(out), "no file written again, not even the same bytes");
        }
    }

    private Path copyOfTrained() throws IOException {
        return copyOfTrained("results");
    }

    private Path copyOfTrained(String name) throws IOException {
        Path out = tmp.resolve(name);
        copyTree(trained, out);
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** Each figure in {@code folder} set to {@link #AS_IT_WAS}: one redrawn holds other bytes. */
    private static void mark(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path png : files.filter(f -> f.toString().endsWith(".png")).toList()) {
                Files.write(png, AS_IT_WAS);
            }
        }
    }

    private static boolean marked(Path figure) throws IOException {
        return Arrays.equals(AS_IT_WAS, Files.readAllBytes(figure));
    }

    /** The results table has a row for each of {@code listed} and none for any of {@code leftOut}. */
    private static void assertTableLists(Path out, List<String> listed, List<String> leftOut) throws IOException {
        String table = Files.readString(out.resolve(RunLayout.RESULTS_TABLE));
        listed.forEach(id -> assertTrue(table.contains("| [" + id + "](" + id + "/)"), id + " listed:\n" + table));
        leftOut.forEach(id -> assertFalse(table.contains("| [" + id + "](" + id + "/)"), id + " left out:\n" + table));
    }

    /** -Dexp=figures on {@code out}; what it printed. */
    private static String figures(Path out) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Main.run(Map.of("exp", "figures", "out", out.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static List<String> warnings(String output) {
        return output.lines().filter(line -> line.startsWith("warning: ")).toList();
    }

    /** Every file's last modification under {@code root}. */
    private static Map<String, String> modified(Path root) throws IOException {
        Map<String, String> times = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                times.put(root.relativize(path).toString(), Files.getLastModifiedTime(path).toString());
            }
        }
        return times;
    }

    /** Runs a command of the system; whether it succeeded. */
    static Map<String, String> settings(Path out, String... keyValues) {
        Map<String, String> settings = new HashMap<>(Map.of("data", FIXTURE, "steps", "4", "evalEvery", "2",
                "batchSize", "20", "evalBatchSize", "50", "tensorboard", "false", "out", out.toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
