package backproplab.experiment;

import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.config.Options;
import backproplab.data.CifarData;
import backproplab.report.SweepReport;
import backproplab.results.OnInterrupt;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.util.Diverged;
import backproplab.util.Durations;
import backproplab.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -Dsweep.<key>=v1,v2,...}: an experiment trained at every point of a grid of settings
 * (several keys: every combination, the first key's values outermost). Each point is a run of its
 * own in {@code <out>/<id>-sweep-<key>[-<key2>]/<key>=<value>[,<key2>=<value>]/}, with the usual
 * files; the sweep's folder gets summary.csv and sweep.png ({@link SweepReport}). A point whose
 * loss diverges is recorded as such and the sweep goes on. {@code -Dshard=I/N} runs only the
 * points whose index is I modulo N, so that the shards of a cluster's job array can share one
 * output folder: each writes only its points, and whichever finishes last redraws the whole.
 */
public final class Sweep {

    /** One point of the grid: its values by key, in the sweep's key order. */
    public record Point(int index, Map<String, String> values) {

        /** "learningRate=1e-3,weightDecay=0": the point's folder. */
        public String name() {
            List<String> parts = new ArrayList<>();
            values.forEach((key, value) -> parts.add(key + "=" + value));
            return String.join(",", parts);
        }
    }

    /** A sweep, planned: the settings of every point checked, nothing trained or written yet. */
    public record Plan(ExperimentSpec base, Map<String, List<String>> sweep, List<Point> points,
            Map<Point, ExperimentSpec> specs, Path folder) {}

    private Sweep() {}

    /**
     * Checks every point's settings as -D would (the same error line for a bad value) and plans
     * the sweep's folders.
     */
    public static Plan plan(ExperimentCatalog catalog, String id, Options options) {
        if (options.bench() > 0) {
            throw new UserError("a sweep trains: -Dbench does not apply to it");
        }
        ExperimentSpec base = catalog.load(id, options.settings());
        if (!base.compareBatchNorms().isEmpty()) {
            throw new UserError(id + " compares batch norms: a sweep trains one network a point; sweep an experiment"
                    + " of one network (mlp-deep-adam-wd-bn with -Dsweep.batchNorm=builtin,autograd,manual, say)");
        }
        List<Point> points = points(options.sweep());
        Map<Point, ExperimentSpec> specs = new LinkedHashMap<>();
        for (Point point : points) {
            Map<String, String> settings = new LinkedHashMap<>(options.settings());
            settings.putAll(point.values());
            ExperimentSpec spec = catalog.load(id, settings);
            // The point's own id names it in titles and in its saved model's file.
            specs.put(point, spec.renamed(id + "," + point.name()));
        }
        return new Plan(base, options.sweep(), points, specs,
                base.outFolder().resolve(id + "-sweep-" + String.join("-", options.sweep().keySet())));
    }

    /** Every combination of the values, the first key's outermost. */
    static List<Point> points(Map<String, List<String>> sweep) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> key : sweep.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combination : combinations) {
                for (String value : key.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(combination);
                    extended.put(key.getKey(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < combinations.size(); i++) {
            points.add(new Point(i, combinations.get(i)));
        }
        return points;
    }

    /** What sweep.json says of this sweep. */
    static SweepReport.Definition definition(Plan plan, Options options, String command) {
        Map<String, String> settings = new LinkedHashMap<>(plan.base().asMap());
        // What names, titles or finds the data, not what the points train with.
        List.of("title", "figure", "reportAccuracy", "data", "out").forEach(settings::remove);
        return new SweepReport.Definition(plan.base().id(), plan.sweep(), plan.points().stream().map(Point::name).toList(),
                options.seeds(), settings, command);
    }

    /**
     * Every check that can refuse the sweep, made before anything is written or deleted: the
     * results folder and this shard's points as {@link Experiments#check} checks an experiment's,
     * and with shards or -Dresume=true, that the sweep folder holds points of this same sweep.
     */
    public static void check(Plan plan, Options options, RunContext context, String command) {
        ExperimentSpec base = plan.base();
        RunLayout.checkResultsFolder(base.outFolder());
        RunLayout.checkWritable(base.outFolder(), RunLayout.Kind.RESULTS);
        RunLayout.checkWritable(plan.folder(), RunLayout.Kind.SWEEP);
        CifarData data = context.data(base);
        boolean sharded = options.shard().count() > 1;
        if (sharded || context.resume()) {
            SweepReport.checkSame(plan.folder(), definition(plan, options, command), sharded);
        }
        for (Point point : plan.points()) {
            if (!options.shard().runs(point.index())) {
                continue;
            }
            ExperimentSpec spec = plan.specs().get(point);
            List<ExperimentSpec> seeds = SeedRuns.seedSpecs(spec, options.seeds());
            TrainingRun.checkFits(spec, data);
            if (context.resume()) {
                SeedRuns.checkResume(seeds, plan.folder().resolve(point.name()), data);
            }
        }
    }

    /**
     * Trains this shard's points one after the other. Without shards the sweep owns its folder:
     * locked, and emptied of an older sweep's points (kept with -Dresume=true); with shards each
     * point's folder is owned by the shard that runs it, and the shards share the sweep folder's
     * lock, so that an unsharded run of the sweep cannot empty it under them. Call {@link #check} first.
     */
    public static List<ExperimentResult> run(Plan plan, Options options, RunContext context, String command) {
        context.data(plan.base());
        boolean sharded = options.shard().count() > 1;
        List<Point> mine = plan.points().stream().filter(p -> options.shard().runs(p.index())).toList();
        Runnable redraw = () -> {
            try {
                SweepReport.write(plan.folder(), context.out());
            } catch (RuntimeException e) {
                // Another shard may be replacing a point's files this moment: the next redraw has them.
                context.out().println("warning: summary.csv and sweep.png not redrawn now: " + e.getMessage());
            }
        };
        try (RunFolder whole = sharded ? RunFolder.share(plan.folder())
                        : RunFolder.claim(plan.folder(), RunLayout.Kind.SWEEP, List.of(), !context.resume());
                OnInterrupt.Registration unlock = OnInterrupt.register(whole::close);
                OnInterrupt.Registration summarize = OnInterrupt.register(redraw)) {
            SweepReport.writeDefinition(plan.folder(), definition(plan, options, command), sharded, context.resume());
            List<ExperimentResult> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int k = 0; k < mine.size(); k++) {
                Point point = mine.get(k);
                double elapsed = (System.nanoTime() - start) / 1e9;
                context.out().printf("[%d/%d] %s, point %d of %d%s, elapsed %s, ETA %s%n", k + 1, mine.size(),
                        point.name(), point.index() + 1, plan.points().size(),
                        sharded ? " (shard " + options.shard().index() + "/" + options.shard().count() + ")" : "",
                        Durations.clock(elapsed), k == 0 ? "unknown" : Durations.clock(elapsed / k * (mine.size() - k)));
                results.addAll(train(plan.specs().get(point), plan.folder().resolve(point.name()), options, context));
                redraw.run();
            }
            context.out().printf("sweep: %d points in %s; summary.csv and sweep.png in %s%n", mine.size(),
                    Durations.clock((System.nanoTime() - start) / 1e9), plan.folder());
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One point, as a run of its own (several seeds too); one that diverges leaves its files and the sweep goes on. */
    private static List<ExperimentResult> train(ExperimentSpec spec, Path folder, Options options, RunContext context)
            throws IOException {
        try (RunFolder claimed = RunFolder.claim(folder, RunLayout.Kind.RUN, List.of(), !context.resume());
                OnInterrupt.Registration unlock = OnInterrupt.register(claimed::close)) {
            return options.seeds() == 1
                    ? List.of(TrainingRun.trainPart(spec, folder, context))
                    : SeedRuns.train(spec, folder, context, options.seeds());
        } catch (Diverged e) {
            context.out().println(e.getMessage() + "; the sweep goes on");
            return List.of();
        }
    }
}
