package backproplab.experiment;

import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.config.Options;
import backproplab.data.CifarData;
import backproplab.report.SweepReport;
import backproplab.results.FolderClaim;
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

    /**
     * A sweep, planned: the settings of every point checked, and how each run of this shard's
     * points starts decided; nothing trained or written yet.
     *
     * @param points every point of the grid
     * @param mine this shard's points, with their runs
     * @param keepsFiles -Dresume=true: the folders keep the points and runs they continue or keep
     * @param command the command that makes the whole sweep
     */
    public record Plan(ExperimentSpec base, Map<String, List<String>> sweep, List<Point> points, List<PointPlan> mine,
            Path folder, boolean keepsFiles, String command) {}

    /** One point of this shard: its experiment, folder and runs (one, or one per seed). */
    record PointPlan(Point point, ExperimentSpec spec, RunFolder folder, List<PlannedRun> runs) {}

    private Sweep() {}

    /**
     * Every check that can refuse the sweep, made before anything is written or deleted, and the
     * plan they passed: every point's settings as -D would check them (the same error line for a
     * bad value), the results folder and this shard's points as {@link Experiments#plan} checks an
     * experiment's, and with shards or -Dresume=true, that the sweep folder holds points of this
     * same sweep.
     */
    public static Plan plan(ExperimentCatalog catalog, String id, RunContext context) {
        Options options = context.options();
        if (options.bench() > 0) {
            throw new UserError("a sweep trains: -Dbench does not apply to it");
        }
        ExperimentSpec base = catalog.load(id, options.settings());
        if (base.hyper().comparesBatchNorms()) {
            throw new UserError(id + " compares batch norms: a sweep trains one network a point; sweep an experiment"
                    + " of one network (mlp-deep-adam-wd-bn with -Dsweep.batchNorm=builtin,autograd,manual, say)");
        }
        List<Point> points = points(options.sweep());
        Map<Point, ExperimentSpec> specs = new LinkedHashMap<>();
        for (Point point : points) {
            Map<String, String> settings = new LinkedHashMap<>(options.settings());
            settings.putAll(point.values());
            // The point's own id names it in titles and in its saved model's file.
            specs.put(point, catalog.load(id, settings).withId(id + "," + point.name()));
        }
        Path out = context.folders().out();
        Path folder = RunFolder.sweep(out, id, options.sweep().keySet());
        String command = options.command(id);
        RunLayout.checkResultsFolder(out);
        RunLayout.checkWritable(out, RunLayout.Kind.RESULTS);
        RunLayout.checkWritable(folder, RunLayout.Kind.SWEEP);
        CifarData data = context.data();
        boolean keepsFiles = options.resume();
        Plan whole = new Plan(base, options.sweep(), points, List.of(), folder, keepsFiles, command);
        boolean sharded = options.shard().count() > 1;
        if (sharded || keepsFiles) {
            SweepReport.checkSame(folder, definition(whole, options), sharded);
        }
        List<PointPlan> mine = new ArrayList<>();
        for (Point point : points) {
            if (!options.shard().runs(point.index())) {
                continue;
            }
            ExperimentSpec spec = specs.get(point);
            RunFolder own = RunFolder.of(folder, point.name());
            String pointCommand = options.pointCommand(id, point.index(), points.size());
            List<ExperimentSpec> seeds = SeedRuns.seeds(spec, options.seeds());
            TrainingRun.checkFits(spec, data);
            List<PlannedRun> runs = options.seeds() == 1
                    ? List.of(new PlannedRun(spec, own, RunStart.of(spec, own, context), pointCommand))
                    : SeedRuns.plan(seeds, own, pointCommand, context);
            mine.add(new PointPlan(point, spec, own, runs));
        }
        return new Plan(base, options.sweep(), points, mine, folder, keepsFiles, command);
    }

    /** Every combination of the values, the first key's outermost. */
    public static List<Point> points(Map<String, List<String>> sweep) {
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
    static SweepReport.Definition definition(Plan plan, Options options) {
        Map<String, String> settings = new LinkedHashMap<>(plan.base().asMap());
        // What names or titles the points, not what they train with.
        List.of("title", "figure", "reportAccuracy").forEach(settings::remove);
        return new SweepReport.Definition(plan.base().id(), plan.sweep(), plan.points().stream().map(Point::name).toList(),
                options.seeds(), settings, plan.command());
    }

    /**
     * Trains this shard's points one after the other. Without shards the sweep owns its folder:
     * locked, and emptied of an older sweep's points (kept with -Dresume=true); with shards each
     * point's folder is owned by the shard that runs it, and the shards share the sweep folder's
     * lock, so that an unsharded run of the sweep cannot empty it under them.
     */
    public static List<ExperimentResult> run(ExperimentCatalog catalog, String id, RunContext context) {
        // Every point is checked before the first one trains.
        Plan plan = plan(catalog, id, context);
        Experiments.claimResultsFolder(context.folders().out());
        Options options = context.options();
        boolean sharded = options.shard().count() > 1;
        List<PointPlan> mine = plan.mine();
        Runnable redraw = () -> {
            try {
                SweepReport.write(plan.folder(), context.resultsReader());
            } catch (RuntimeException e) {
                // Another shard may be replacing a point's files this moment: the next redraw has them.
                context.out().println("warning: summary.csv and sweep.png not redrawn now: " + e.getMessage());
            }
        };
        try (FolderClaim whole = sharded ? FolderClaim.share(plan.folder())
                        : FolderClaim.claim(plan.folder(), RunLayout.Kind.SWEEP, List.of(), !plan.keepsFiles());
                OnInterrupt.Registration unlock = OnInterrupt.register(whole::close);
                OnInterrupt.Registration summarize = OnInterrupt.register(redraw)) {
            SweepReport.writeDefinition(plan.folder(), definition(plan, options), sharded, plan.keepsFiles());
            List<ExperimentResult> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int k = 0; k < mine.size(); k++) {
                PointPlan planned = mine.get(k);
                Point point = planned.point();
                double elapsed = (System.nanoTime() - start) / 1e9;
                context.out().printf("[%d/%d] %s, point %d of %d%s, elapsed %s, ETA %s%n", k + 1, mine.size(),
                        point.name(), point.index() + 1, plan.points().size(),
                        sharded ? " (shard " + options.shard().index() + "/" + options.shard().count() + ")" : "",
                        Durations.clock(elapsed), k == 0 ? "unknown" : Durations.clock(elapsed / k * (mine.size() - k)));
                results.addAll(train(planned, plan.keepsFiles(), context));
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
    private static List<ExperimentResult> train(PointPlan point, boolean keepsFiles, RunContext context) {
        try (FolderClaim claimed = FolderClaim.claim(point.folder().path(), RunLayout.Kind.RUN, List.of(), !keepsFiles);
                OnInterrupt.Registration unlock = OnInterrupt.register(claimed::close)) {
            Experiments.Shape shape = context.options().seeds() == 1 ? Experiments.Shape.ONE : Experiments.Shape.SEEDS;
            return Experiments.train(new Experiments.Plan(point.spec(), point.folder(), shape, point.runs(), keepsFiles,
                    point.runs().get(0).command()), context);
        } catch (Diverged e) {
            context.out().println(e.getMessage() + "; the sweep goes on");
            return List.of();
        }
    }
}
