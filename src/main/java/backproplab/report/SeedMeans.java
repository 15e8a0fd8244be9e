package backproplab.report;

import backproplab.chart.SeedBand;
import backproplab.config.ExperimentSpec;
import backproplab.config.RecordedSettings;
import backproplab.results.AtomicFiles;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.RunStatus;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code -Dseeds=K}: the experiment folder's files over the {@code seed-<n>/} folders beside them,
 * finished or not (every one of them was written by this run: the folder was emptied when it
 * started): the mean curves ({@code metrics.csv}), a chart with the mean line and min-max band,
 * and a summary with mean and standard deviation of the final and best test accuracy.
 */
public final class SeedMeans {

    private SeedMeans() {}

    /**
     * @param seeds how many seeds the run was to make (fewer done: interrupted)
     * @param command the command that made the seeds
     */
    public static void write(ExperimentSpec spec, RecordedSettings settings, RunFolder folder, String command, int seeds,
            PrintStream out) throws IOException {
        List<String> names = new ArrayList<>();
        List<RunSummary> runs = new ArrayList<>();
        List<List<EvalPoint>> curves = new ArrayList<>();
        for (RunFolder seed : folder.seeds()) {
            RunSummary summary = RunSummary.read(seed);
            if (summary != null) {
                names.add(seed.name());
                runs.add(summary);
                curves.add(MetricsCsv.read(seed.metrics()));
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        boolean diverged = runs.stream().anyMatch(r -> r.status().diverged());
        boolean interrupted = !diverged && (runs.size() < seeds || runs.stream().anyMatch(r -> r.status().interrupted()));
        int stepsDone = runs.stream().mapToInt(r -> r.status().stepsDone()).min().orElse(0);
        RunStatus status = new RunStatus(diverged, interrupted, stepsDone, spec.hyper().steps());
        AtomicFiles.write(folder.metrics(), file -> writeMean(file, curves));
        SeedsSummary summary = SeedsSummary.of(spec, settings, command, names, runs, status);
        Confusion summed = summary.confusion();
        RunFigures.draw(folder, RunFigures.Inputs.titled(ChartTitles.curves(spec.id(), spec, folder, runs.size(), status))
                .withCurves(curves).withConfusion(summed));
        summary.write(folder);
        // "2 of 3 seeds" when the run stopped before its last seed.
        String over = (runs.size() < seeds ? runs.size() + " of " : "") + seeds + " seeds";
        out.printf("%s over %s: final test accuracy %.4f +- %.4f, best %.4f +- %.4f; results in %s%n",
                spec.id(), over, summary.finalTestAccuracy(), summary.finalTestAccuracyStd(),
                summary.bestTestAccuracy(), summary.bestTestAccuracyStd(), folder);
        if (summed != null) {
            out.printf("%s over %s: %s (test images summed over the seeds)%n", spec.id(), over,
                    Analysis.mostConfused(summed));
        }
    }

    /** metrics.csv of the mean over seeds, evaluation by evaluation (the validation set's too, when every seed has one). */
    private static void writeMean(Path file, List<List<EvalPoint>> runs) throws IOException {
        boolean validated = runs.stream().allMatch(run -> new History(run, 0, 0, 0, false).validated());
        List<ToDoubleFunction<EvalPoint>> columns = List.of(EvalPoint::trainLoss, EvalPoint::trainAccuracy,
                EvalPoint::testLoss, EvalPoint::testAccuracy, EvalPoint::elapsedSeconds, EvalPoint::residentMb,
                EvalPoint::validationLoss, EvalPoint::validationAccuracy);
        List<SeedBand> bands = columns.stream().map(c -> SeedBand.of(runs, c)).toList();
        try (MetricsCsv csv = new MetricsCsv(file, validated)) {
            for (int i = 0; i < bands.get(0).steps().length; i++) {
                int row = i;
                double[] v = bands.stream().mapToDouble(b -> b.mean()[row]).toArray();
                csv.accept(new EvalPoint((int) bands.get(0).steps()[i], v[0], v[1], v[2], v[3], v[4], v[5],
                        validated ? new EvalPoint.Validation(v[6], v[7]) : null));
            }
        }
    }
}
