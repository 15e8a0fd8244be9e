package backproplab;

import ai.djl.ndarray.NDManager;
import backproplab.experiment.AllProgress;
import backproplab.experiment.Experiment;
import backproplab.experiment.ExperimentCatalog;
import backproplab.experiment.ExperimentResult;
import backproplab.experiment.ExperimentSpec;
import backproplab.experiment.ReportFigures;
import backproplab.experiment.ResultsReadme;
import backproplab.experiment.RunContext;
import backproplab.experiment.SeedRuns;
import backproplab.results.OnInterrupt;
import backproplab.results.RunFolder;
import backproplab.util.NativeAllocator;
import backproplab.util.UserError;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn compile exec:java -Dexp=<id> [-Dkey=value ...]}: runs an experiment; {@code -Dexp=all} runs
 * every one in report order, {@code -Dexp=list} lists them, {@code -Dexp=figures} redraws every
 * figure and the results table from the metrics in the results folder. Every key of
 * {@link ExperimentSpec#DEFAULTS} can be given with -D.
 */
public final class Main {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** Options that are not experiment settings. */
    static final List<String> RUN_OPTIONS = List.of("exp", "bench", "seeds");

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        NativeAllocator.keepLargeBuffersForReuse();
        try {
            run(options(System.getProperties()), System.out);
        } catch (UserError e) {
            System.out.flush();
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs what the options ask for.
     *
     * @param options {@code exp}, {@code bench}, {@code seeds} and experiment settings, as given with -D
     * @return one result per training run (per seed; none for the listing and the figures)
     */
    public static List<ExperimentResult> run(Map<String, String> options, PrintStream out) {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        String exp = options.getOrDefault("exp", "");
        if (exp.equals("list")) {
            out.println(catalog.listing());
            return List.of();
        }
        if (exp.isEmpty()) {
            throw new UserError("no experiment given: add -Dexp=<id>, -Dexp=all or -Dexp=figures\n" + catalog.listing());
        }
        int bench = positive(options, "bench", 0, "the number of timed steps, e.g. -Dbench=300");
        int seeds = positive(options, "seeds", 1, "the number of seeds to run, e.g. -Dseeds=3");
        Map<String, String> settings = new LinkedHashMap<>(options);
        RUN_OPTIONS.forEach(settings::remove);
        if (exp.equals("figures")) {
            Path results = ExperimentSpec.parse("figures", "-D", settings).outFolder();
            ReportFigures.redrawAll(results, catalog.all(), out);
            out.println("table: " + ResultsReadme.write(results, catalog.all()));
            return List.of();
        }
        // Every spec is checked before the first one trains.
        List<ExperimentSpec> specs = exp.equals("all")
                ? catalog.all().stream().map(s -> catalog.load(s.id(), settings)).toList()
                : List.of(catalog.load(exp, settings));
        for (ExperimentSpec spec : specs) {
            RunFolder.checkWritable(spec.outFolder().resolve(bench > 0 ? "bench" : spec.id()));
        }
        List<ExperimentResult> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                RunContext context = new RunContext(manager, out, bench, settings)) {
            AllProgress progress = new AllProgress(specs, out);
            for (ExperimentSpec spec : specs) {
                progress.starting(spec);
                results.addAll(bench > 0 ? SeedRuns.run(spec, context, seeds) : train(spec, context, seeds, catalog));
            }
            progress.done();
        }
        return results;
    }

    /**
     * Trains one experiment into its folder, which the run owns: the data is checked before
     * anything is created; the folder is locked and emptied of older runs' files; the report
     * figures and table are redrawn when the run starts (the run it replaces is gone), when it
     * ends, and when it is interrupted, so they always show the runs whose files are there.
     */
    private static List<ExperimentResult> train(ExperimentSpec spec, RunContext context, int seeds,
            ExperimentCatalog catalog) {
        context.data(spec);
        Path out = spec.outFolder();
        Path folder = out.resolve(spec.id());
        Runnable redrawReport = () -> {
            ReportFigures.write(out, QUIET);
            ResultsReadme.write(out, catalog.all());
        };
        try (RunFolder claimed = RunFolder.claim(folder, Experiment.of(spec).otherFolders(spec, folder));
                OnInterrupt.Registration unlock = OnInterrupt.register(claimed::close)) {
            redrawReport.run();
            try (OnInterrupt.Registration redraw = OnInterrupt.register(redrawReport)) {
                return SeedRuns.run(spec, context, seeds);
            } finally {
                redrawReport.run();
            }
        }
    }

    /** The -D options this program reads, out of all system properties. */
    static Map<String, String> options(java.util.Properties properties) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (RUN_OPTIONS.contains(key) || ExperimentSpec.DEFAULTS.containsKey(key)) {
                options.put(key, properties.getProperty(key));
            }
        }
        return options;
    }

    private static int positive(Map<String, String> options, String key, int absent, String hint) {
        String text = options.get(key);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("bad value " + key + "=" + text + ": give " + hint);
    }
}
