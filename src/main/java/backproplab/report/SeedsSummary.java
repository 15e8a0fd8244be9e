package backproplab.report;

import backproplab.config.ExperimentSpec;
import backproplab.config.RecordedSettings;
import backproplab.results.RunFolder;
import backproplab.results.RunStatus;
import backproplab.train.Confusion;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -Dseeds=K}: what an experiment's seeds measured together (summary.json of its folder).
 *
 * @param seeds the seed folders the mean is over
 * @param finalTestAccuracy the mean of the seeds'; {@code finalTestAccuracyStd} their sample
 *     standard deviation, {@code finalTestAccuracies} each seed's (the same for the best, and for the
 *     test accuracy a validation set selects: null when the seeds have none)
 * @param perClassAccuracy the mean of the seeds' per-class accuracies, with {@code
 *     perClassAccuracyMin} and {@code perClassAccuracyMax} (null when a seed has none)
 * @param confusionMatrix the seeds' confusion matrices, summed
 */
public record SeedsSummary(
        String id,
        String title,
        String figure,
        String reportAccuracy,
        List<String> seeds,
        double finalTestAccuracy,
        double finalTestAccuracyStd,
        double bestTestAccuracy,
        double bestTestAccuracyStd,
        double[] finalTestAccuracies,
        double[] bestTestAccuracies,
        Double selectedTestAccuracy,
        Double selectedTestAccuracyStd,
        double[] selectedTestAccuracies,
        double msPerStep,
        double wallSeconds,
        int steps,
        int stepsDone,
        boolean diverged,
        boolean interrupted,
        long seed,
        String command,
        Map<String, Double> perClassAccuracy,
        Map<String, Double> perClassAccuracyMin,
        Map<String, Double> perClassAccuracyMax,
        long[][] confusionMatrix,
        String data,
        String djlVersion,
        String engine,
        String java,
        String os,
        int cpus,
        String finishedAt,
        Map<String, String> spec) implements Summary {

    /**
     * The summary over an experiment's seeds: mean and sample standard deviation of the final and
     * best test accuracy, total wall time; data and versions are the first seed's.
     */
    public static SeedsSummary of(ExperimentSpec spec, RecordedSettings settings, String command, List<String> names,
            List<RunSummary> runs, RunStatus status) {
        double[] last = runs.stream().mapToDouble(RunSummary::finalTestAccuracy).toArray();
        double[] best = runs.stream().mapToDouble(RunSummary::bestTestAccuracy).toArray();
        double[] selected = runs.stream().allMatch(r -> r.selectedTestAccuracy() != null)
                ? runs.stream().mapToDouble(RunSummary::selectedTestAccuracy).toArray() : null;
        double[] ms = runs.stream().mapToDouble(RunSummary::msPerStep).toArray();
        Environment env = runs.get(0).environment();
        List<RunSummary> analysed = runs.stream().filter(r -> r.confusionMatrix() != null).toList();
        Map<String, Double> mean = null;
        Map<String, Double> min = null;
        Map<String, Double> max = null;
        long[][] summed = null;
        if (analysed.size() == runs.size()) {
            mean = new LinkedHashMap<>();
            min = new LinkedHashMap<>();
            max = new LinkedHashMap<>();
            for (String name : analysed.get(0).perClassAccuracy().keySet()) {
                double[] values = analysed.stream().mapToDouble(r -> r.perClassAccuracy().get(name)).toArray();
                mean.put(name, Stats.mean(values));
                min.put(name, Arrays.stream(values).min().orElseThrow());
                max.put(name, Arrays.stream(values).max().orElseThrow());
            }
            Confusion sum = analysed.get(0).confusion();
            for (RunSummary r : analysed.subList(1, analysed.size())) {
                sum = sum.plus(r.confusion());
            }
            summed = sum.counts();
        }
        return new SeedsSummary(spec.id(), spec.shown().title(), spec.shown().figure(), spec.shown().reportAccuracy(),
                names, Stats.mean(last), Stats.std(last), Stats.mean(best), Stats.std(best), last, best,
                selected == null ? null : Stats.mean(selected), selected == null ? null : Stats.std(selected), selected,
                Stats.mean(ms), runs.stream().mapToDouble(RunSummary::wallSeconds).sum(),
                spec.hyper().steps(), status.stepsDone(), status.diverged(), status.interrupted(), spec.hyper().seed(),
                command, mean, min, max, summed,
                env.data(), env.djlVersion(), env.engine(), env.java(), env.os(), env.cpus(), env.finishedAt(),
                settings.asMap());
    }

    /** The seeds' summary in {@code folder}; null when there is none. */
    public static SeedsSummary read(RunFolder folder) throws IOException {
        return Summary.read(folder, SeedsSummary.class);
    }
}
