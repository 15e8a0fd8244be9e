package backproplab.report;

import backproplab.config.ExperimentSpec;
import backproplab.config.RecordedSettings;
import backproplab.diagnostics.Diagnostics;
import backproplab.results.RunFolder;
import backproplab.results.RunStatus;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import java.io.IOException;
import java.util.Map;

/**
 * What one training run measured (summary.json of a run's folder: a single run, a seed, a sweep's
 * point, one of section 3's batch norms).
 *
 * @param selectedTestAccuracy the test accuracy at the evaluation of best validation accuracy, with its step
 *     and that validation accuracy (null without a validation set)
 * @param stoppedEarly whether the run ended before its steps because its validation accuracy stopped
 *     improving (null when it could not: no -DearlyStop)
 * @param bestPerClassAccuracy the per-class accuracy at the best evaluation, when it is not the final one
 * @param diagnostics the layer statistics at the last step recorded (null when none were)
 * @param statsMsPerRecord the time the layer statistics of one recorded step took, on average
 */
public record RunSummary(
        String id,
        String title,
        String figure,
        String reportAccuracy,
        double finalTestAccuracy,
        double bestTestAccuracy,
        int bestStep,
        Double selectedTestAccuracy,
        Integer selectedStep,
        Double selectedValidationAccuracy,
        Boolean stoppedEarly,
        double msPerStep,
        double wallSeconds,
        int steps,
        int stepsDone,
        boolean diverged,
        boolean interrupted,
        long seed,
        String command,
        Map<String, Double> perClassAccuracy,
        long[][] confusionMatrix,
        Map<String, Double> bestPerClassAccuracy,
        long[][] bestConfusionMatrix,
        Diagnostics diagnostics,
        Double statsMsPerRecord,
        String data,
        String djlVersion,
        String engine,
        String java,
        String os,
        int cpus,
        String finishedAt,
        Map<String, String> spec) implements Summary {

    /**
     * A training run's summary.
     *
     * @param last the test set's confusion at the final evaluation (null: none was made)
     * @param best the same at the best evaluation
     * @param finalStats the layer statistics of the last step recorded ({@link Diagnostics#NONE}: none)
     * @param statsMsPerRecord their mean time per recorded step (NaN: none recorded)
     */
    public static RunSummary of(ExperimentSpec spec, RecordedSettings settings, String command, History h, RunStatus status,
            Environment env, Confusion last, Confusion best, Diagnostics finalStats, double statsMsPerRecord) {
        boolean bestIsLast = h.points().isEmpty() || h.best().step() == h.points().get(h.points().size() - 1).step();
        EvalPoint selected = h.selected();
        return new RunSummary(spec.id(), spec.shown().title(), spec.shown().figure(), spec.shown().reportAccuracy(),
                h.finalTestAccuracy(), h.bestTestAccuracy(), h.points().isEmpty() ? 0 : h.best().step(),
                selected == null ? null : selected.testAccuracy(), selected == null ? null : selected.step(),
                selected == null ? null : selected.validationAccuracy(),
                spec.hyper().earlyStop() > 0 ? h.stoppedEarly() : null, h.msPerStep(), h.wallSeconds(), spec.hyper().steps(), status.stepsDone(), status.diverged(),
                status.interrupted(), spec.hyper().seed(), command,
                last == null ? null : Summary.byClass(last.perClassAccuracy()),
                last == null ? null : last.counts(),
                bestIsLast || best == null ? null : Summary.byClass(best.perClassAccuracy()),
                bestIsLast || best == null ? null : best.counts(),
                finalStats == null || finalStats.isEmpty() ? null : finalStats,
                Double.isNaN(statsMsPerRecord) ? null : statsMsPerRecord,
                env.data(), env.djlVersion(), env.engine(), env.java(), env.os(), env.cpus(), env.finishedAt(),
                settings.asMap());
    }

    @Override
    public RunStatus status() {
        return new RunStatus(diverged, interrupted, stepsDone, steps, Boolean.TRUE.equals(stoppedEarly));
    }

    /** The run summary in {@code folder}; null when there is none. */
    public static RunSummary read(RunFolder folder) throws IOException {
        return Summary.read(folder, RunSummary.class);
    }
}
