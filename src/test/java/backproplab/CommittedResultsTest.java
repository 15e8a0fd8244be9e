package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.chart.Scale;
import backproplab.config.ExperimentCatalog;
import backproplab.config.Options;
import backproplab.experiment.Sweep;
import backproplab.report.Summary;
import backproplab.results.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What is committed under results/, in the README and in docs/ holds for any reader on any machine. */
class CommittedResultsTest {

    @Test
    void noCommittedTextNamesAMachinesFolders() throws IOException {
        List<Path> texts;
        try (Stream<Path> files = Files.walk(Path.of("results"))) {
            texts = Stream.concat(files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".md")),
                    Stream.of(Path.of("README.md"))).toList();
        }
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            texts = Stream.concat(texts.stream(), docs.filter(f -> f.toString().endsWith(".md"))).toList();
        }
        assertFalse(texts.size() < 2, "results/ holds summaries");
        String home = System.getProperty("user.home");
        for (Path text : texts) {
            String content = Files.readString(text);
            for (String machinePath : List.of("/root/", "/home/", home + "/")) {
                assertFalse(content.contains(machinePath), text + " names " + machinePath);
            }
        }
    }

    /**
     * Every committed run (a folder with a metrics.csv) carries its event files in its own folder
     * (none left where earlier versions put them), compacted to a few MB in all, and they name no
     * machine's folders.
     */
    @Test
    void everyCommittedRunHasItsEventFiles() throws IOException {
        long committedEventBytes = 0;
        List<Path> runs = committed("metrics.csv").stream().map(Path::getParent)
                .filter(run -> Files.exists(run.resolve("diagnostics.csv"))).toList();
        assertTrue(runs.size() >= 20, runs.size() + " runs");
        String home = System.getProperty("user.home");
        for (Path run : runs) {
            List<Path> events;
            assertFalse(Files.exists(run.resolve("tensorboard")), run + ": an earlier version's folder of events");
            try (Stream<Path> files = Files.list(run)) {
                events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            }
            assertFalse(events.isEmpty(), run + " has no event file");
            for (Path file : events) {
                committedEventBytes += Files.size(file);
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String machinePath : List.of("/root/", "/home/", home + "/")) {
                    assertFalse(content.contains(machinePath), file + " names " + machinePath);
                }
            }
        }
        // Compacted (-Dexp=compact): their images are the PNG files beside, their histograms diagnostics.csv's.
        assertTrue(committedEventBytes < 5_000_000, committedEventBytes + " bytes of event files");
    }

    /**
     * Every committed summary's command is one the suite runs: its options parse, its experiment is
     * in the catalog and takes its settings, and a sweep point's names that point alone
     * ({@link CommandsTest} runs such commands and gets the same metrics).
     */
    @Test
    void everyCommittedCommandRuns() throws IOException {
        List<Path> summaries = committed("summary.json");
        assertTrue(summaries.size() >= 20, summaries.size() + " summaries");
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        for (Path file : summaries) {
            Summary summary = Summary.read(new RunFolder(file.getParent()));
            Options options = Options.of(CommandsTest.parse(summary.command()));
            catalog.load(options.exp(), options.settings());
            Path sweep = file.getParent().getParent();
            if (sweep.getFileName().toString().contains("-sweep-") && !options.sweep().isEmpty()) {
                List<String> points = Sweep.points(options.sweep()).stream().map(Sweep.Point::name).toList();
                int index = points.indexOf(file.getParent().getFileName().toString());
                assertTrue(index >= 0 && options.shard().runs(index) && options.shard().count() == points.size(),
                        file + ": " + summary.command());
            }
        }
    }

    /** Every file of this name under results/, in name order. */
    private static List<Path> committed(String name) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("results"))) {
            return files.filter(f -> f.getFileName().toString().equals(name)).sorted().toList();
        }
    }

    /** The gallery gives the axis of every quantity as the figures draw it. */
    @Test
    void theGalleryGivesTheAxesTheFiguresHave() throws IOException {
        String gallery = Files.readString(Path.of("docs/gallery.md")).replaceAll("\\s+", " ");
        for (Scale scale : Scale.values()) {
            String rule = scale.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + scale.rule();
            assertTrue(gallery.contains(rule), "docs/gallery.md does not say: " + rule);
        }
    }

    @Test
    void noTrackedFileIsIgnored() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(".git")), "a git checkout");
        Process git = new ProcessBuilder("git", "ls-files", "--cached", "--ignored", "--exclude-standard")
                .redirectErrorStream(true).start();
        String listed = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, git.exitValue(), listed);
        assertEquals("", listed.strip(), "tracked files that .gitignore lists");
    }
}
