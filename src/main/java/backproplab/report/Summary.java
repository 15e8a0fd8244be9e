package backproplab.report;

import backproplab.config.ExperimentSpec;
import backproplab.results.Json;
import backproplab.data.CifarData;
import backproplab.diagnostics.Diagnostics;
import backproplab.results.RunStatus;
import backproplab.train.Confusion;
import backproplab.train.History;
import backproplab.util.UserError;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * summary.json, written and read with Gson through this one type: what a training run measured,
 * or the mean over an experiment's seeds, or section 3's comparison of batch norms. A part that
 * does not apply is null and left out of the file.
 *
 * @param seeds with several seeds: the seed folders the mean is over
 * @param finalTestAccuracyStd with several seeds: the sample standard deviation
 * @param finalTestAccuracies with several seeds: each seed's
 * @param msPerStep mean wall time of a training step, evaluations excluded (NaN when interrupted)
 * @param stepsDone steps made: fewer than {@code steps} when diverged or interrupted
 * @param perClassAccuracy each class's test accuracy at the final evaluation, by class name (with
 *     several seeds: the mean, and {@code perClassAccuracyMin} and {@code perClassAccuracyMax})
 * @param confusionMatrix the test set's confusion at the final evaluation: rows the true class,
 *     columns the predicted one (with several seeds: summed)
 * @param bestPerClassAccuracy the same at the best evaluation, when it is not the final one
 * @param implementations section 3: each batch norm's run
 * @param largestGradientDifference section 3: largest difference between the implementations'
 *     gradients on one batch
 * @param diagnostics a run's layer statistics at the last step recorded (null when none were)
 * @param statsMsPerRecord the time the layer statistics of one recorded step took, on average
 * @param environment where it ran: data, versions, machine
 * @param spec the resolved settings
 */
public record Summary(
        String id,
        String title,
        String figure,
        String reportAccuracy,
        List<String> seeds,
        Double finalTestAccuracy,
        Double finalTestAccuracyStd,
        Double bestTestAccuracy,
        Double bestTestAccuracyStd,
        double[] finalTestAccuracies,
        double[] bestTestAccuracies,
        Integer bestStep,
        Double msPerStep,
        Double wallSeconds,
        Integer steps,
        Integer stepsDone,
        Boolean diverged,
        Boolean interrupted,
        Long seed,
        String command,
        Map<String, Double> perClassAccuracy,
        Map<String, Double> perClassAccuracyMin,
        Map<String, Double> perClassAccuracyMax,
        long[][] confusionMatrix,
        Map<String, Double> bestPerClassAccuracy,
        long[][] bestConfusionMatrix,
        Map<String, Implementation> implementations,
        Double largestGradientDifference,
        Double largestGradient,
        Double manualOverAutogradTime,
        Double largestTestAccuracyGap,
        Diagnostics diagnostics,
        Double statsMsPerRecord,
        String data,
        String djlVersion,
        String engine,
        String java,
        String os,
        Integer cpus,
        String finishedAt,
        Map<String, String> spec) {

    /** Section 3: one batch norm's run. */
    public record Implementation(double finalTestAccuracy, double bestTestAccuracy, double msPerStep, String folder) {}

    /** Where a run ran. */
    public record Environment(
            String data, String djlVersion, String engine, String java, String os, int cpus, String finishedAt) {}

    public static final String FILE = "summary.json";

    /**
     * A training run's summary.
     *
     * @param last the test set's confusion at the final evaluation (null: none was made)
     * @param best the same at the best evaluation
     * @param finalStats the layer statistics of the last step recorded ({@link Diagnostics#NONE}: none)
     * @param statsMsPerRecord their mean time per recorded step (NaN: none recorded)
     */
    public static Summary ofRun(ExperimentSpec spec, String command, History h, RunStatus status, Environment env,
            Confusion last, Confusion best, Diagnostics finalStats, double statsMsPerRecord) {
        boolean bestIsLast = h.points().isEmpty() || h.best().step() == h.points().get(h.points().size() - 1).step();
        return new Summary(spec.id(), spec.title(), spec.figure(), spec.reportAccuracy(), null,
                h.finalTestAccuracy(), null, h.bestTestAccuracy(), null, null, null,
                h.points().isEmpty() ? 0 : h.best().step(), h.msPerStep(), h.wallSeconds(),
                spec.steps(), status.stepsDone(), status.diverged(), status.interrupted(), spec.seed(), command,
                last == null ? null : byClass(last.perClassAccuracy()), null, null,
                last == null ? null : last.counts(),
                bestIsLast || best == null ? null : byClass(best.perClassAccuracy()),
                bestIsLast || best == null ? null : best.counts(),
                null, null, null, null, null,
                finalStats == null || finalStats.isEmpty() ? null : finalStats,
                Double.isNaN(statsMsPerRecord) ? null : statsMsPerRecord,
                env.data(), env.djlVersion(), env.engine(), env.java(), env.os(), env.cpus(), env.finishedAt(),
                spec.asMap());
    }

    /**
     * The summary over an experiment's seeds: mean and sample standard deviation of the final and
     * best test accuracy, total wall time; data and versions are the first seed's.
     */
    public static Summary ofSeeds(ExperimentSpec spec, String command, List<String> folders, List<Summary> runs,
            RunStatus status) {
        double[] last = runs.stream().mapToDouble(Summary::finalTestAccuracy).toArray();
        double[] best = runs.stream().mapToDouble(Summary::bestTestAccuracy).toArray();
        double[] ms = runs.stream().mapToDouble(Summary::msPerStep).toArray();
        Environment env = runs.get(0).environment();
        List<Summary> analysed = runs.stream().filter(r -> r.confusionMatrix() != null).toList();
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
            Confusion sum = new Confusion(analysed.get(0).confusionMatrix());
            for (Summary r : analysed.subList(1, analysed.size())) {
                sum = sum.plus(new Confusion(r.confusionMatrix()));
            }
            summed = sum.counts();
        }
        return new Summary(spec.id(), spec.title(), spec.figure(), spec.reportAccuracy(), folders,
                Stats.mean(last), Stats.std(last), Stats.mean(best), Stats.std(best), last, best,
                null, Stats.mean(ms), runs.stream().mapToDouble(Summary::wallSeconds).sum(),
                spec.steps(), status.stepsDone(), status.diverged(), status.interrupted(), spec.seed(), command,
                mean, min, max, summed, null, null,
                null, null, null, null, null, null, null,
                env.data(), env.djlVersion(), env.engine(), env.java(), env.os(), env.cpus(), env.finishedAt(),
                spec.asMap());
    }

    /** Section 3's comparison; its accuracies and speed are those of the hand-written backward's run. */
    public static Summary ofComparison(ExperimentSpec spec, String command, Map<String, Implementation> runs,
            Summary manual, double largestGradientDifference, double largestGradient, double manualOverAutogradTime,
            double largestTestAccuracyGap) {
        return new Summary(spec.id(), spec.title(), spec.figure(), spec.reportAccuracy(), null,
                manual.finalTestAccuracy(), null, manual.bestTestAccuracy(), null, null, null,
                manual.bestStep(), manual.msPerStep(), manual.wallSeconds(),
                spec.steps(), manual.stepsDone(), manual.diverged(), manual.interrupted(), spec.seed(), command,
                manual.perClassAccuracy(), null, null, manual.confusionMatrix(), manual.bestPerClassAccuracy(),
                manual.bestConfusionMatrix(),
                runs, largestGradientDifference, largestGradient, manualOverAutogradTime, largestTestAccuracyGap,
                null, null, manual.data(), manual.djlVersion(), manual.engine(), manual.java(), manual.os(), manual.cpus(),
                manual.finishedAt(), spec.asMap());
    }

    public RunStatus status() {
        int all = steps == null ? 0 : steps;
        return new RunStatus(Boolean.TRUE.equals(diverged), Boolean.TRUE.equals(interrupted),
                stepsDone == null ? all : stepsDone, all);
    }

    /** The environment this summary records. */
    public Environment environment() {
        return new Environment(data, djlVersion, engine, java, os, cpus == null ? 0 : cpus, finishedAt);
    }

    public void write(Path folder) throws IOException {
        Json.write(folder.resolve(FILE), this);
    }

    /**
     * How the run whose summary is in {@code folder} ended; a folder without one counts as
     * finished (its metrics alone are drawn as they are).
     */
    public static RunStatus statusOf(Path folder) throws IOException {
        Summary summary = read(folder);
        return summary == null ? RunStatus.finished(0) : summary.status();
    }

    /** The confusion at the final evaluation; null for a summary written before it was kept. */
    public Confusion confusion() {
        return confusionMatrix == null ? null : new Confusion(confusionMatrix);
    }

    /** Values by class name, in label order. */
    static Map<String, Double> byClass(double[] values) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int c = 0; c < values.length; c++) {
            named.put(CifarData.CLASS_NAMES.get(c), values[c]);
        }
        return named;
    }

    /** The summary in {@code folder}; null when there is none. */
    public static Summary read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.gson().fromJson(Files.readString(file), Summary.class);
        } catch (JsonParseException e) {
            throw new UserError(file + " is not a summary (" + UserError.firstLine(e.getMessage())
                    + "): delete it, or run the experiment again");
        }
    }
}
