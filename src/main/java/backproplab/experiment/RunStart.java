package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.report.RunSummary;
import backproplab.results.Checkpoints;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.EvalPoint;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one run starts, decided once, before anything is written, from what its folder holds; the
 * run is then trained as this says ({@link TrainingRun#train}). Without -Dresume every run is {@link Fresh}.
 */
sealed interface RunStart {

    /** It begins at step 0 (stopped before its first checkpoint, never started, or without -Dresume). */
    record Fresh() implements RunStart {}

    /** It continues from its checkpoint (or a finished run's training state, to train it longer), checked whole. */
    record Resume(Checkpoints.Saved saved) implements RunStart {}

    /** All its steps are done: kept as it is. */
    record Done(RunSummary summary, List<EvalPoint> points) implements RunStart {}

    /** It diverged: kept as it is. */
    record Diverged(RunSummary summary) implements RunStart {}

    RunStart FRESH = new Fresh();

    /**
     * How a part of an experiment (a seed, a batch norm, a sweep's point), or an experiment of
     * {@code -Dexp=all}, starts: afresh, or with -Dresume=true as {@link #ofPart} decides.
     */
    static RunStart of(ExperimentSpec spec, RunFolder folder, RunContext context) {
        return context.options().resume() ? ofPart(spec, folder, context.options().recorded(spec), context.data()) : FRESH;
    }

    /** How an experiment of one run starts: afresh, or with -Dresume=true as {@link #ofRun} decides. */
    static RunStart ofOnly(ExperimentSpec spec, RunFolder folder, RunContext context) {
        return context.options().resume() ? ofRun(spec, folder, context.options().recorded(spec), context.data()) : FRESH;
    }

    /** Settings a resume may change: the number of steps (to train longer), and what only names the run. */
    List<String> RESUME_MAY_CHANGE = List.of("steps", "title", "figure", "reportAccuracy", "out");

    /**
     * How a part of an experiment (a seed, a batch norm, a sweep's point) starts with -Dresume=true,
     * everything it will read checked (its summary and metrics, its checkpoint whole).
     *
     * @throws UserError when a part done, or its checkpoint, was made with other settings (only
     *     -Dsteps may change) or on other data, or its files are damaged
     */
    private static RunStart ofPart(ExperimentSpec spec, RunFolder folder, Map<String, String> recorded, CifarData data) {
        try {
            RunSummary summary = RunSummary.read(folder);
            if (summary != null) {
                Checkpoints.Saved finished = finishedState(folder);
                List<String> differences = Checkpoints.differences(comparable(summary.spec(), finished),
                        comparable(recorded, finished), RESUME_MAY_CHANGE);
                if (!differences.isEmpty()) {
                    throw new UserError("-Dresume=true: " + UserPath.shown(folder.path()) + " was made with other settings ("
                            + String.join("; ", differences) + "); only -Dsteps may change, to train longer");
                }
                checkData(finished, folder.path(), data);
                if (summary.status().ended() && summary.steps() == spec.hyper().steps()) {
                    return new Done(summary, readMetrics(folder));
                }
                if (summary.status().diverged()) {
                    return new Diverged(summary);
                }
            }
        } catch (IOException e) {
            throw new UserError("-Dresume=true: cannot read " + UserPath.shown(folder.path()) + " ("
                    + UserError.firstLine(e.getMessage()) + ")", e);
        }
        Path checkpoint = checkpointFolder(folder);
        if (checkpoint == null || Checkpoints.read(checkpoint).step() == spec.hyper().steps()) {
            // Killed after its model was saved, before its summary (none, or the one of the run it trained
            // further): its steps are made again, to the same numbers.
            return FRESH;
        }
        return new Resume(checkedCheckpoint(spec, checkpoint, recorded, data));
    }

    /**
     * How an experiment of one run starts with -Dresume=true: from its checkpoint, or afresh when
     * it was killed once its steps were all made, before its summary; checked as {@link #ofPart} checks.
     *
     * @throws UserError when there is nothing to resume (no checkpoint, or all steps done), or
     *     what it would read is damaged
     */
    private static RunStart ofRun(ExperimentSpec spec, RunFolder folder, Map<String, String> recorded, CifarData data) {
        RunStart start = ofPart(spec, folder, recorded, data);
        Path checkpoint = checkpointFolder(folder);
        if (checkpoint == null) {
            throw new UserError("-Dresume=true: " + UserPath.shown(folder.path()) + " holds no checkpoint ("
                    + RunLayout.CHECKPOINT + "/) nor a finished run's training state: nothing to resume; run"
                    + " without -Dresume");
        }
        if (start instanceof Done || start instanceof Diverged) {
            // What checkedCheckpoint says of it: nothing to resume, and why.
            checkedCheckpoint(spec, checkpoint, recorded, data);
        }
        return start;
    }

    /**
     * The checkpoint a run continues from, checked whole: its JSON and state file against their
     * checksums, its settings and data against the run's.
     *
     * @throws UserError when there is nothing to resume, or the checkpoint does not fit the run
     */
    private static Checkpoints.Saved checkedCheckpoint(ExperimentSpec spec, Path checkpoint,
            Map<String, String> recorded, CifarData data) {
        Checkpoints.Saved saved = Checkpoints.read(checkpoint);
        List<String> differences = Checkpoints.differences(comparable(saved.settings(), saved),
                comparable(recorded, saved), RESUME_MAY_CHANGE);
        if (!differences.isEmpty()) {
            throw new UserError("-Dresume=true: the checkpoint in " + UserPath.shown(checkpoint)
                    + " was made with other settings (" + String.join("; ", differences)
                    + "); only -Dsteps may change, to train longer");
        }
        checkData(saved, checkpoint, data);
        if (saved.step() >= spec.hyper().steps()) {
            throw new UserError("-Dresume=true: " + spec.id() + " has made " + saved.step() + " of "
                    + spec.hyper().steps() + " steps already: nothing to resume; give a larger -Dsteps to train it on");
        }
        Checkpoints.verifyState(checkpoint, saved);
        return saved;
    }

    /** @throws UserError when the checkpoint was made on other data (by content, wherever the files are) */
    private static void checkData(Checkpoints.Saved saved, Path where, CifarData data) {
        if (saved != null && saved.dataSha256() != null && !saved.dataSha256().equals(data.fingerprint())) {
            throw new UserError("-Dresume=true: " + UserPath.shown(where) + " was made on other data than "
                    + data.source() + " (the records differ): resume with the data it was made on, or run without"
                    + " -Dresume");
        }
    }

    private static List<EvalPoint> readMetrics(RunFolder folder) {
        try {
            return MetricsCsv.read(folder.metrics());
        } catch (IOException e) {
            throw new UserError("-Dresume=true: " + UserPath.shown(folder.path()) + " is done but its " + RunLayout.METRICS
                    + " cannot be read (" + UserError.firstLine(e.getMessage()) + "): delete the folder to train it"
                    + " again");
        }
    }

    /** A finished run's training state (beside its saved model), or null when it has none. */
    private static Checkpoints.Saved finishedState(RunFolder folder) {
        for (Path candidate : folder.finishedStates()) {
            if (Files.exists(RunLayout.checkpointFile(candidate))) {
                return Checkpoints.read(candidate);
            }
        }
        return null;
    }

    /**
     * Where a run continues from, the newer first: its checkpoint, or a finished run's training
     * state; null when the folder holds neither. Found again when the run trains: claiming the
     * folder puts back a model whose swap a kill interrupted (model.previous).
     */
    static Path checkpointFolder(RunFolder folder) {
        for (Path candidate : folder.checkpoints()) {
            if (Files.exists(RunLayout.checkpointFile(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Settings as a resume compares them: the data by its content when the checkpoint recorded
     * it ({@link #checkData}), else the data folder by where it is, however it was written.
     */
    private static Map<String, String> comparable(Map<String, String> settings, Checkpoints.Saved saved) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        String data = copy.getOrDefault("data", "");
        if (saved != null && saved.dataSha256() != null) {
            copy.remove("data");
        } else if (!data.isBlank()) {
            copy.put("data", UserPath.parse(data).toAbsolutePath().normalize().toString());
        }
        return copy;
    }
}
