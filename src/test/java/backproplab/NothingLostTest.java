package backproplab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.config.Options;
import backproplab.report.Summary;
import backproplab.results.Checkpoints;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.saved.ModelAnalysis;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run deletes and overwrites only what the suite wrote, and every check that can refuse it
 * comes before anything is written or deleted: a refused run leaves every file as it was, byte
 * for byte; a run killed at any moment of its save leaves a whole model and a folder the next
 * run continues from.
 */
class NothingLostTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    static final Map<String, String> SHORT = Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "6", "evalEvery", "3",
            "batchSize", "50", "evalBatchSize", "50");

    @TempDir
    Path tmp;

    /**
     * One digit too many in the batch size, on an experiment with a finished run: refused as a
     * user sees it (exit 2, one line beginning error:, no stack trace), the run's folder as it was.
     */
    @Test
    void aBatchSizeTheDataCannotFillIsRefusedAndTheFinishedRunKept() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Map<String, String> before = snapshot(out);

        ChildRun refused = ChildRun.run(settings(out, "batchSize", "60000"), tmp.resolve("child.log"));
        assertEquals(2, refused.exitCode(), refused.output());
        // What it printed while it checked (the data loading), then the one error line.
        List<String> errors = refused.lines().stream().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), refused.output());
        assertEquals(errors.get(0), refused.lines().get(refused.lines().size() - 1), refused.output());
        assertTrue(errors.get(0).contains("batchSize=60000"), refused.output());
        assertFalse(refused.output().contains("Exception") || refused.output().contains("\tat "), refused.output());
        assertEquals(before, snapshot(out), "the finished run is as it was");
    }

    @Test
    void seedsPastTheLargestAreRefusedBeforeTheFirstTrains() {
        Path out = tmp.resolve("results");
        UserError e = assertThrows(UserError.class,
                () -> Main.run(settings(out, "seed", "2147483647", "seeds", "2"), quiet()));
        assertTrue(e.getMessage().contains("seeds=2"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void hiddenSizesNoMachineHoldsAreRefusedInOneLine() {
        Path out = tmp.resolve("results");
        UserError e = assertThrows(UserError.class, () -> Main.run(settings(out, "hidden", "2147483647"), quiet()));
        assertTrue(e.getMessage().startsWith("bad value hidden=2147483647"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    /**
     * A damaged file of another experiment does not stop a run: the redraws of the report around
     * it leave that experiment out and say so once; its files stay as they were, byte for byte.
     */
    @Test
    void aDamagedMetricsFileOfAnotherExperimentIsLeftOutAndTheRunTrains() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Main.run(settings(out, "exp", "mlp-numpy"), quiet());
        Path metrics = out.resolve("mlp-numpy/metrics.csv");
        Files.writeString(metrics, "7,not a number\n", java.nio.file.StandardOpenOption.APPEND);
        long line = lines(metrics);
        Map<String, String> numpy = snapshot(out.resolve("mlp-numpy"));
        byte[] figure1 = Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_1));
        Files.delete(out.resolve("mlp-djl/summary.json"));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Main.run(settings(out), new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> warnings = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(List.of("warning: " + UserPath.shown(metrics) + " cannot be read (line " + line
                + ": not a metrics line: 7,not a number): left out of the results table and figures; repair or"
                + " delete it"), warnings, "told once, though the report is redrawn as the run starts and ends");
        assertTrue(Files.exists(out.resolve("mlp-djl/summary.json")), "mlp-djl trained");
        assertEquals(numpy, snapshot(out.resolve("mlp-numpy")));
        assertArrayEquals(figure1, Files.readAllBytes(out.resolve("figures").resolve(RunLayout.FIGURE_1)),
                "Figure 1 draws mlp-numpy: as it was");
        String table = Files.readString(out.resolve("README.md"));
        assertTrue(table.contains("| [mlp-djl](mlp-djl/)") && !table.contains("| [mlp-numpy](mlp-numpy/)"), table);
    }

    /** -Dout at a folder of the user's (a home folder, say): neither its README.md nor its convnet/ is touched. */
    @Test
    void aFolderTheSuiteDidNotWriteIsRefusedAndKeptByteForByte() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("convnet/chapter-1"));
        Files.writeString(home.resolve("README.md"), "# My notes\n");
        Files.writeString(home.resolve("convnet/thesis.tex"), "\\chapter{ConvNets}\n");
        Files.writeString(home.resolve("convnet/chapter-1/figures.tex"), "%\n");
        Map<String, String> before = snapshot(home);

        for (String exp : List.of("convnet", "mlp-djl")) {
            UserError e = assertThrows(UserError.class, () -> Main.run(settings(home, "exp", exp), quiet()));
            assertTrue(e.getMessage().contains(home.toString()) && e.getMessage().contains(RunLayout.MARKER),
                    e.getMessage());
        }
        UserError figures = assertThrows(UserError.class,
                () -> Main.run(Map.of("exp", "figures", "out", home.toString()), quiet()));
        assertTrue(figures.getMessage().contains("not a results folder"), figures.getMessage());
        assertEquals(before, snapshot(home));
    }

    /** In a results folder of the suite's, a file of the user's beside the run's stays as it was. */
    @Test
    void theUsersFilesInAResultsFolderSurviveTheRunsThatReplaceTheirNeighbours() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out, "seeds", "2"), quiet());
        Map<Path, String> planted = Map.of(
                out.resolve("notes.ipynb"), "{}",
                out.resolve("figures/mine.txt"), "my figure notes",
                out.resolve("mlp-djl/notes.txt"), "why lr=0.1",
                out.resolve("mlp-djl/seed-43/plot.py"), "import matplotlib");
        for (Map.Entry<Path, String> file : planted.entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.writeString(file.getKey(), file.getValue());
        }
        Main.run(settings(out), quiet());
        Main.run(settings(out, "seeds", "2"), quiet());
        for (Map.Entry<Path, String> file : planted.entrySet()) {
            assertEquals(file.getValue(), Files.readString(file.getKey()), file.getKey().toString());
        }
        assertTrue(Files.exists(out.resolve("mlp-djl/seed-43/metrics.csv")), "the run wrote its files beside them");
    }

    /** A results folder written before folders were marked is known by its table, and marked by the next run. */
    @Test
    void aResultsFolderFromBeforeTheMarkerIsTheSuitesAndGetsMarked() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Files.delete(out.resolve(RunLayout.MARKER));
        Main.run(Map.of("exp", "figures", "out", out.toString()), quiet());
        assertTrue(Files.isRegularFile(out.resolve(RunLayout.MARKER)));
        assertTrue(Files.readString(out.resolve(RunLayout.MARKER)).startsWith("backprop-lab results folder."));
    }

    /** A model folder is swapped whole when a run saves: a file of the user's in it refuses the run first. */
    @Test
    void aFileOfTheUsersInTheModelFolderRefusesTheRunBeforeItTrains() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Files.writeString(out.resolve("mlp-djl/model/notes.txt"), "mine");
        Map<String, String> before = snapshot(out);
        for (String resume : List.of("false", "true")) {
            UserError e = assertThrows(UserError.class,
                    () -> Main.run(settings(out, "steps", "9", "resume", resume), quiet()));
            assertTrue(e.getMessage().contains("model/notes.txt"), e.getMessage());
        }
        assertEquals(before, snapshot(out));
    }

    @Test
    void aSymbolicLinkIsNotFollowedIntoSomewhereElse() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Path elsewhere = tmp.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        Files.writeString(elsewhere.resolve("metrics.csv"), "precious\n");
        Files.writeString(elsewhere.resolve("summary.json"), "{}");
        RunLayout.delete(out.resolve("mlp-djl"), RunLayout.Kind.RUN);
        Files.createSymbolicLink(out.resolve("mlp-djl"), elsewhere);
        Map<String, String> before = snapshot(tmp);

        UserError e = assertThrows(UserError.class, () -> Main.run(settings(out), quiet()));
        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("mlp-djl"), e.getMessage());
        assertEquals(before, snapshot(tmp));
    }

    /**
     * The event files are the suite's, and only they: a link in place of an event file, or of
     * the tensorboard folder where earlier versions put them, refuses the run (fresh or resumed)
     * before anything is written.
     */
    @Test
    void aLinkWhereTheEventFilesGoRefusesTheRun() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Path run = out.resolve("mlp-djl");
        Path elsewhere = tmp.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        Files.writeString(elsewhere.resolve("precious.txt"), "mine");
        Path file;
        try (java.util.stream.Stream<Path> list = Files.list(run)) {
            file = list.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
                    .orElseThrow();
        }
        Files.move(file, elsewhere.resolve(file.getFileName()));
        Files.createSymbolicLink(file, elsewhere.resolve(file.getFileName()));
        Map<String, String> before = snapshot(tmp);
        for (String resume : List.of("false", "true")) {
            UserError e = assertThrows(UserError.class,
                    () -> Main.run(settings(out, "steps", "9", "resume", resume), quiet()));
            assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("events.out.tfevents."),
                    e.getMessage());
        }
        assertEquals(before, snapshot(tmp));

        Files.delete(file);
        Files.createSymbolicLink(run.resolve("tensorboard"), elsewhere);
        before = snapshot(tmp);
        UserError e = assertThrows(UserError.class, () -> Main.run(settings(out), quiet()));
        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("tensorboard"), e.getMessage());
        assertEquals(before, snapshot(tmp));
    }

    /** An unsharded run of a sweep while a shard of it trains is refused; the shard's files stay. */
    @Test
    void anUnshardedRunOfASweepWhoseShardsAreTrainingIsRefused() throws Exception {
        Path out = tmp.resolve("results");
        Map<String, String> shard = settings(out, "steps", "1000000", "evalEvery", "2", "shard", "0/2");
        shard.put("sweep.learningRate", "1e-3,2e-3");
        Process child = ChildRun.start(shard, tmp.resolve("shard.log"));
        Path partial = out.resolve("mlp-djl-sweep-learningRate/learningRate=1e-3/metrics.csv.partial");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lines(partial) < 3 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(child.isAlive() && lines(partial) >= 3, "the shard is training: " + Files.readString(
                    tmp.resolve("shard.log")));
            for (String shards : List.of("", "0/1")) {
                Map<String, String> whole = settings(out);
                whole.put("sweep.learningRate", "1e-3,2e-3");
                if (!shards.isEmpty()) {
                    whole.put("shard", shards);
                }
                UserError e = assertThrows(UserError.class, () -> Main.run(whole, quiet()));
                assertTrue(e.getMessage().contains("being written by another run"), e.getMessage());
            }
            assertTrue(lines(partial) >= 3, "the live point's metrics are there");
            assertTrue(Files.exists(partial.resolveSibling(RunLayout.LOCK)), "and its lock");
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aShardOfAnotherValueListIsRefusedBeforeItWrites() throws Exception {
        Path out = tmp.resolve("results");
        Map<String, String> first = settings(out, "shard", "0/2");
        first.put("sweep.learningRate", "1e-3,2e-3");
        Main.run(first, quiet());
        Map<String, String> before = snapshot(out);

        Map<String, String> other = settings(out, "shard", "1/2");
        other.put("sweep.learningRate", "1e-3,5e-3");
        UserError e = assertThrows(UserError.class, () -> Main.run(other, quiet()));
        assertTrue(e.getMessage().contains("another sweep") && e.getMessage().contains("5e-3"), e.getMessage());
        Map<String, String> steps = settings(out, "shard", "1/2", "steps", "9");
        steps.put("sweep.learningRate", "1e-3,2e-3");
        UserError e2 = assertThrows(UserError.class, () -> Main.run(steps, quiet()));
        assertTrue(e2.getMessage().contains("steps=6, not 9"), e2.getMessage());
        assertEquals(before, snapshot(out));
    }

    /**
     * A finished run trained further is killed (SIGKILL's effect: no hook, nothing flushed) at
     * each moment of its end: its model written whole aside, between the two renames that swap it
     * in, before its summary. A whole model loads every time, and the same command then ends the
     * run with the numbers of a run never stopped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"model-written", "model-swap", "before-summary"})
    void aRunKilledWhileItSavesLeavesAWholeModelAndResumes(String moment) throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Map<String, String> further = settings(out, "steps", "9", "resume", "true");
        Map<String, String> halted = new HashMap<>(further);
        halted.put("backproplab.haltAt", moment);
        ChildRun killed = ChildRun.run(halted, tmp.resolve("child.log"));
        assertEquals(137, killed.exitCode(), killed.output());

        Path folder = out.resolve("mlp-djl");
        // The saved model loads and classifies the whole test set of the fixture.
        long[][] counts = ModelAnalysis.run(Options.of(Map.of("exp", "analyse", "saved", folder.resolve("model").toString(),
                "data", FIXTURE)), quiet()).counts();
        assertEquals(100, Arrays.stream(counts).flatMapToLong(Arrays::stream).sum());
        Main.run(further, quiet());
        Main.run(settings(tmp.resolve("straight"), "steps", "9"), quiet());
        assertEquals(measured(tmp.resolve("straight/mlp-djl/metrics.csv")), measured(folder.resolve("metrics.csv")));
        assertEquals(9, Summary.read(new RunFolder(folder)).stepsDone());
        assertFalse(Files.exists(folder.resolve(RunLayout.MODEL_PARTIAL)) || Files.exists(
                folder.resolve(RunLayout.MODEL_PREVIOUS)), "no model left aside");
    }

    /** Killed after its metrics, before its summary: a seed's resume makes that seed again, then the next. */
    @Test
    void aSeedKilledBeforeItsSummaryIsMadeAgainOnResume() throws Exception {
        Path out = tmp.resolve("results");
        Map<String, String> seeds = settings(out, "seeds", "2");
        Map<String, String> halted = new HashMap<>(seeds);
        halted.put("backproplab.haltAt", "before-summary");
        assertEquals(137, ChildRun.run(halted, tmp.resolve("child.log")).exitCode());
        assertTrue(Files.exists(out.resolve("mlp-djl/seed-42/metrics.csv")));
        assertFalse(Files.exists(out.resolve("mlp-djl/seed-42/summary.json")));

        Map<String, String> resume = new HashMap<>(seeds);
        resume.put("resume", "true");
        Main.run(resume, quiet());
        Main.run(settings(tmp.resolve("straight"), "seeds", "2"), quiet());
        for (String seed : List.of("seed-42", "seed-43")) {
            assertEquals(measured(tmp.resolve("straight/mlp-djl").resolve(seed).resolve("metrics.csv")),
                    measured(out.resolve("mlp-djl").resolve(seed).resolve("metrics.csv")), seed);
        }
    }

    /** A checkpoint changed in any way is refused in one line, and nothing is written. */
    @ParameterizedTest
    @ValueSource(strings = {"step", "missing-field", "checksum-deleted", "other-data"})
    void aChangedCheckpointIsRefusedInOneLine(String change) throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        for (String file : List.of("data_batch.bin", "test_batch.bin", "cifar10-subset.properties")) {
            Files.copy(Path.of(FIXTURE, file), data.resolve(file));
        }
        Path out = tmp.resolve("results");
        Main.run(settings(out, "data", data.toString()), quiet());
        Path checkpoint = out.resolve("mlp-djl/model/training").resolve(Checkpoints.FILE);
        JsonObject json = JsonParser.parseString(Files.readString(checkpoint)).getAsJsonObject();
        switch (change) {
            case "step" -> json.addProperty("step", 3);
            case "missing-field" -> json.remove("streamRandom");
            case "checksum-deleted" -> json.remove("checksum");
            default -> {
                // The same folder, the same sizes: one pixel of one training image differs.
                try (RandomAccessFile file = new RandomAccessFile(data.resolve("data_batch.bin").toFile(), "rw")) {
                    file.seek(100);
                    int b = file.read();
                    file.seek(100);
                    file.write(b ^ 0x01);
                }
            }
        }
        if (!change.equals("other-data")) {
            Files.writeString(checkpoint, json.toString());
        }
        Map<String, String> before = snapshot(out);

        UserError e = assertThrows(UserError.class,
                () -> Main.run(settings(out, "data", data.toString(), "steps", "9", "resume", "true"), quiet()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(change.equals("other-data") ? "other data" : checkpoint.toString()),
                e.getMessage());
        if (change.equals("checksum-deleted")) {
            assertTrue(e.getMessage().contains("its checksum is missing"), e.getMessage());
        }
        assertEquals(before, snapshot(out));
    }

    @Test
    void figuresOfAFileOrOfAMissingFolderIsOneLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        for (Path out : List.of(file, tmp.resolve("missing"))) {
            UserError e = assertThrows(UserError.class,
                    () -> Main.run(Map.of("exp", "figures", "out", out.toString()), quiet()));
            assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("-Dout"), e.getMessage());
        }
        assertEquals("x", Files.readString(file));
        assertFalse(Files.exists(tmp.resolve("missing")));
    }

    /** A saved model's .params whose header was edited: a model that does not load, said in one line. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aParamsFileWithAnEditedHeaderIsOneLine(boolean withChecksums) throws Exception {
        Path out = tmp.resolve("results");
        Main.run(settings(out), quiet());
        Path model = out.resolve("mlp-djl/model");
        Path params;
        try (Stream<Path> files = Files.list(model)) {
            params = files.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
        }
        // The byte count of the first parameter's data, after its name, "DENSE", its data type and
        // its shape: set to 2^31-1, which the loader tries to reserve (an OutOfMemoryError).
        byte[] bytes = Files.readAllBytes(params);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        header.position(text.indexOf("FLOAT32", text.indexOf("NDAR")) + "FLOAT32".length());
        int dimensions = header.getInt();
        header.position(header.position() + 8 * dimensions);
        int layout = header.getInt();
        header.position(header.position() + 2 * layout + 1);
        assertEquals(4 * 100 * 3072, header.getInt(header.position()), "the first layer's weights, 100x3072 floats");
        header.putInt(header.position(), Integer.MAX_VALUE);
        Files.write(params, bytes);
        if (!withChecksums) {
            // A model saved before models had checksums: only the load itself can tell.
            Files.deleteIfExists(model.resolve(RunLayout.CHECKSUMS));
        }
        // Direct memory as Maven's default 2 GB heap gives it, so that the reservation fails.
        ChildRun refused = ChildRun.run(List.of("-XX:MaxDirectMemorySize=2g"),
                Map.of("exp", "analyse", "saved", model.toString(), "data", FIXTURE), tmp.resolve("child.log"));
        assertEquals(2, refused.exitCode(), refused.output());
        String last = refused.lines().get(refused.lines().size() - 1);
        assertTrue(last.startsWith("error: " + model + " is not a saved model"), refused.output());
        assertFalse(refused.output().contains("\tat "), refused.output());
    }

    /** {@link #SHORT}'s settings into the results folder {@code out}, with these besides (key, value, ...). */
    static Map<String, String> settings(Path out, String... keyValues) {
        return settings(SHORT, out, keyValues);
    }

    /** {@code base} into the results folder {@code out}, with these besides (key, value, ...). */
    static Map<String, String> settings(Map<String, String> base, Path out, String... keyValues) {
        Map<String, String> settings = new HashMap<>(base);
        settings.put("out", out.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    /** Every file and folder under {@code root} (links not followed): a file by its SHA-256, a link by its target. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String name = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    entries.put(name, "link to " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    entries.put(name, "folder");
                } else {
                    entries.put(name, sha256(Files.readAllBytes(path)));
                }
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    /** A metrics file's measured columns, step to test_acc (elapsed_s and rss_mb differ from run to run). */
    private static List<String> measured(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(line -> String.join(",", List.of(line.split(",")).subList(0, 5)))
                .toList();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
