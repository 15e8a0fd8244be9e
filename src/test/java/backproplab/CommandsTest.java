package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.config.Options;
import backproplab.report.Summary;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.tensorboard.TensorBoardView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run, seed, batch norm of section 3 and sweep point records in its summary.json the command
 * that makes it again: run as it is written, in place, it gives the same metrics, and leaves the
 * rest of the results folder as it was.
 */
class CommandsTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @Test
    void aSweepPointsCommandMakesThatPointAgainAndLeavesTheOthers(@TempDir Path out) throws IOException {
        Main.run(Map.of("exp", "mlp-djl", "sweep.learningRate", "1e-3,2e-3", "seeds", "2", "data", FIXTURE,
                "steps", "8", "evalEvery", "4", "batchSize", "20", "out", out.toString()), quiet());
        Path sweep = out.resolve("mlp-djl-sweep-learningRate");
        Path point = sweep.resolve("learningRate=2e-3");
        Path other = sweep.resolve("learningRate=1e-3");
        String command = command(point);
        assertEquals(command, command(point.resolve("seed-43")), "a seed of the point is made by the same command");
        assertTrue(command.contains("-Dshard=1/2"), command);
        assertReproduced(List.of(point, point.resolve("seed-42"), point.resolve("seed-43")), command,
                List.of(other));
    }

    @Test
    void aSeedsAndABatchNormsCommandMakeThemAgain(@TempDir Path out) throws IOException {
        Main.run(Map.of("exp", "mlp-numpy", "seeds", "2", "seed", "7", "data", FIXTURE, "steps", "8",
                "evalEvery", "4", "out", out.toString(), "statsEvery", "2"), quiet());
        Path seeds = out.resolve("mlp-numpy");
        assertEquals(command(seeds), command(seeds.resolve("seed-8")));
        assertReproduced(List.of(seeds, seeds.resolve("seed-7"), seeds.resolve("seed-8")), command(seeds), List.of());

        Main.run(Map.of("exp", "batchnorm", "data", FIXTURE, "steps", "6", "evalEvery", "3", "hidden", "16",
                "out", out.toString(), "tensorboard", "false"), quiet());
        Path manual = out.resolve("batchnorm-manual");
        assertEquals(command(out.resolve("batchnorm")), command(manual));
        assertReproduced(List.of(manual, out.resolve("batchnorm-autograd")), command(manual), List.of(seeds));
    }

    @Test
    void aRunsCommandNamesItsFoldersAsResultsShowThem(@TempDir Path out) throws IOException {
        Main.run(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "6", "evalEvery", "3", "out", out.toString()),
                quiet());
        String command = command(out.resolve("mlp-djl"));
        assertEquals(Options.MVN + " -Dexp=mlp-djl -Dsteps=6 -DevalEvery=3 -Ddata=" + FIXTURE + " -Dout=" + out,
                command, "the settings in their defaults' order, then the folders");
        assertReproduced(List.of(out.resolve("mlp-djl")), command, List.of());
    }

    /** A folder with a space, an accent and a quote: the shell hands the command's -Dout back whole. */
    @Test
    void aFolderWithSpacesAndQuotesIsOneWordOfTheCommand(@TempDir Path tmp) throws IOException {
        String name = "l'été des résultats";
        Assumptions.assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding")).newEncoder().canEncode(name),
                "file names cannot hold " + name + " here (sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding")
                        + ")");
        Path out = tmp.resolve(name);
        Map<String, String> given = Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "6", "evalEvery", "3",
                "out", out.toString(), "tensorboard", "false");
        Main.run(given, quiet());
        String command = command(out.resolve("mlp-djl"));
        assertEquals(given, parse(command), command);
        assertReproduced(List.of(out.resolve("mlp-djl")), command, List.of());
    }

    /**
     * A title (a setting that only names the run) with a newline, a variable, a backtick and a
     * semicolon: the command gives it back as it was, and TensorBoard's text and the results
     * table show the command line by line.
     */
    @Test
    void aTitleWithANewlineAndADollarIsGivenBackAsItWas(@TempDir Path out) throws IOException {
        Map<String, String> given = Map.of("exp", "mlp-djl", "title", "Run of $HOME\nwith `date`; and *", "data",
                FIXTURE, "steps", "6", "evalEvery", "3", "out", out.toString());
        Main.run(given, quiet());
        Path run = out.resolve("mlp-djl");
        String command = command(run);
        assertEquals(given, parse(command), command);
        String text = new TensorBoardView(run).byStep("settings").get(0L).text();
        assertTrue(text.contains("    " + command.replace("\n", "\n    ")), "an indented code block: " + text);
        String table = Files.readString(out.resolve(RunLayout.RESULTS_TABLE));
        assertTrue(table.contains("      " + command.replace("\n", "\n      ")), "a code block in its item: " + table);
        assertReproduced(List.of(run), command, List.of());
    }

    /**
     * Runs {@code command} as written and checks that every folder of {@code made} has its metrics
     * again, rewritten (a new summary), and that each of {@code untouched} is as it was.
     */
    private static void assertReproduced(List<Path> made, String command, List<Path> untouched) throws IOException {
        Map<Path, String> metrics = new LinkedHashMap<>();
        Map<Path, String> summaries = new LinkedHashMap<>();
        for (Path folder : made) {
            metrics.put(folder, measured(folder));
            summaries.put(folder, Files.readString(new RunFolder(folder).summary()));
        }
        Map<Path, String> left = new LinkedHashMap<>();
        for (Path folder : untouched) {
            left.put(folder, Files.readString(new RunFolder(folder).summary()) + Files.readString(new RunFolder(folder).metrics()));
        }
        Main.run(parse(command), quiet());
        for (Path folder : made) {
            assertEquals(metrics.get(folder), measured(folder), folder.toString());
            assertNotEquals(summaries.get(folder), Files.readString(new RunFolder(folder).summary()),
                    "made again (its time differs): " + folder);
            assertEquals(command, command(folder), "the same command again: " + folder);
        }
        for (Path folder : untouched) {
            assertEquals(left.get(folder),
                    Files.readString(new RunFolder(folder).summary()) + Files.readString(new RunFolder(folder).metrics()),
                    "left as it was: " + folder);
        }
    }

    /**
     * A command's -D options, as the shell hands them to Maven: bash runs the command, with
     * {@code mvn} a function that prints the words it is given.
     */
    static Map<String, String> parse(String command) throws IOException {
        assertTrue(command.startsWith(Options.MVN + " "), command);
        List<String> words = shellWords(command);
        assertEquals(List.of(Options.MVN.split(" ")).subList(1, 4), words.subList(0, 3), command);
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : words.subList(3, words.size())) {
            assertTrue(option.startsWith("-D") && option.contains("="), option);
            int equals = option.indexOf('=');
            options.put(option.substring(2, equals), option.substring(equals + 1));
        }
        return options;
    }

    /** The words bash hands {@code mvn} when it runs {@code command}. */
    private static List<String> shellWords(String command) throws IOException {
        Process bash = new ProcessBuilder("bash").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // The script on bash's input, in UTF-8: an argument's bytes would follow the JVM's locale.
        try (OutputStream script = bash.getOutputStream()) {
            script.write(("mvn() { printf '%s\\0' \"$@\"; }\n" + command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, bash.waitFor(), "bash ran " + command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertTrue(printed.endsWith("\0"), "mvn ran: " + command);
        return List.of(printed.substring(0, printed.length() - 1).split("\0", -1));
    }

    private static String command(Path folder) throws IOException {
        return Summary.read(new RunFolder(folder)).command();
    }

    /** metrics.csv from step to test_acc: what the same command and seed make again, bit for bit. */
    private static String measured(Path folder) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(new RunFolder(folder).metrics())) {
            String[] cells = line.split(",");
            text.append(String.join(",", List.of(cells).subList(0, 5))).append('\n');
        }
        return text.toString();
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
