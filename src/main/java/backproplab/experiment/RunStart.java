package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.config.RecordedSettings;
import backproplab.config.Schedule;
import backproplab.config.Settings;
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
 * Each checkpoint a decision reads is read once and checked whole here, and handed down with it.
 */
sealed interface RunStart {

    /** It begins at step 0 (stopped before its first checkpoint, never started, or without -Dresume). */
    record Fresh() implements RunStart {}

    /**
     * It continues from its checkpoint (or a finished run's training state, to train it longer),
     * checked whole.
     *
     * @param finishedRun whether {@code checkpoint} is a finished run's training state rather than its checkpoint
     */
    record Resume(Checkpoints.Checkpoint checkpoint, boolean finishedRun) implements RunStart {

        /**
         * Where the state it continues from is, once its folder is claimed (the claim puts back a
         * model whose swap a kill interrupted, so a finished state is beside the model then).
         */
        Path folder(RunFolder run) {
            return finishedRun ? run.finishedStates().get(0) : run.checkpoint();
        }
    }

    /** All its steps are done: kept as it is. */
    record Done(RunSummary summary, List<EvalPoint> points) implements RunStart {}

    /** It diverged: kept as it is. */
    record Diverged(RunSummary summary) implements RunStart {}

    RunStart FRESH = new Fresh();

    /**
     * How a part of an experiment (a seed, a batch norm, a sweep's point), or an experiment of
     * {@code -Dexp=all}, starts: afresh, or with -Dresume=true as {@link #resumed} decides.
     */
    static RunStart of(ExperimentSpec spec, RunFolder folder, RunContext context) {
        return context.options().resume() ? resumed(spec, folder, context, false) : FRESH;
    }

    /**
     * How an experiment of one run starts: afresh, or with -Dresume=true as {@link #resumed}
     * decides, where there being nothing to continue is an error.
     */
    static RunStart ofOnly(ExperimentSpec spec, RunFolder folder, RunContext context) {
        return context.options().resume() ? resumed(spec, folder, context, true) : FRESH;
    }

    /** Settings a resume may change: the number of steps (to train longer), and what only names the run. */
    List<String> RESUME_MAY_CHANGE = List.of("steps", "title", "figure", "reportAccuracy", "out");

    /** A checkpoint a run's folder holds, read (its JSON checked against its checksum), and where it is. */
    record Found(Path folder, Checkpoints.Checkpoint checkpoint, boolean finishedRun) {}

    /**
     * What a run's folder holds to continue from, each read once: its newest checkpoint (its own,
     * else a finished run's training state) and its finished run's training state; null for one
     * it does not hold.
     */
    record Held(Found newest, Found finished) {

        static Held in(RunFolder run) {
            Found newest = null;
            Found finished = null;
            for (Path candidate : run.checkpoints()) {
                if (Files.exists(RunLayout.checkpointFile(candidate))) {
                    boolean finishedRun = !candidate.equals(run.checkpoint());
                    Found found = new Found(candidate, Checkpoints.read(candidate), finishedRun);
                    newest = newest == null ? found : newest;
                    finished = finished == null && finishedRun ? found : finished;
                    if (finished != null) {
                        break;
                    }
                }
            }
            return new Held(newest, finished);
        }
    }

    /**
     * How a run starts with -Dresume=true, everything it will read checked (its summary and
     * metrics, its checkpoint whole): kept as it is when it is done or diverged; from its
     * checkpoint when it stopped after one; afresh when it was stopped before its first, or killed
     * once its steps were all made, before its summary.
     *
     * @param only whether the run is a whole experiment, for which nothing to continue is an error
     * @throws UserError when a run done, or its checkpoint, was made with other settings (only
     *     -Dsteps may change) or on other data, or its files are damaged; with {@code only}, when
     *     there is nothing to resume (no checkpoint, or all steps done)
     */
    private static RunStart resumed(ExperimentSpec spec, RunFolder folder, RunContext context, boolean only) {
        RecordedSettings recorded = context.options().recorded(spec);
        CifarData data = context.data();
        Held held = Held.in(folder);
        Found newest = held.newest();
        RunStart kept = kept(spec, folder, held.finished(), recorded, data);
        if (only && newest == null) {
            throw new UserError("-Dresume=true: " + UserPath.shown(folder.path()) + " holds no checkpoint ("
                    + RunLayout.CHECKPOINT + "/) nor a finished run's training state: nothing to resume; run"
                    + " without -Dresume");
        }
        if (kept != null) {
            if (only) {
                // What checked says of it: nothing to resume, and why.
                checked(spec, newest, recorded, data);
            }
            return kept;
        }
        if (newest == null || newest.checkpoint().step() == spec.hyper().steps()) {
            // Killed after its model was saved, before its summary (none, or the one of the run it trained
            // further): its steps are made again, to the same numbers.
            return FRESH;
        }
        return new Resume(checked(spec, newest, recorded, data), newest.finishedRun());
    }

    /**
     * The run kept as it is, when its summary says it is done or diverged and it was made with
     * these settings on this data; null when it is neither.
     */
    private static RunStart kept(ExperimentSpec spec, RunFolder folder, Found finished, RecordedSettings recorded,
            CifarData data) {
        try {
            RunSummary summary = RunSummary.read(folder);
            if (summary == null) {
                return null;
            }
            Checkpoints.Checkpoint state = finished == null ? null : finished.checkpoint();
            List<String> differences = Settings.differences(comparable(summary.spec(), state),
                    comparable(recorded.asMap(), state), mayChange(spec));
            if (!differences.isEmpty()) {
                throw new UserError("-Dresume=true: " + UserPath.shown(folder.path()) + " was made with other settings ("
                        + String.join("; ", differences) + "); " + whatMayChange(spec));
            }
            checkData(state, folder.path(), data);
            if (summary.status().ended() && summary.steps() == spec.hyper().steps()) {
                return new Done(summary, readMetrics(folder));
            }
            return summary.status().diverged() ? new Diverged(summary) : null;
        } catch (IOException e) {
            throw new UserError("-Dresume=true: cannot read " + UserPath.shown(folder.path()) + " ("
                    + UserError.firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * The checkpoint a run continues from, checked whole: its state file against its checksum, its
     * settings and data against the run's.
     *
     * @throws UserError when there is nothing to resume, or the checkpoint does not fit the run
     */
    private static Checkpoints.Checkpoint checked(ExperimentSpec spec, Found checkpoint, RecordedSettings recorded,
            CifarData data) {
        Checkpoints.Checkpoint saved = checkpoint.checkpoint();
        List<String> differences = Settings.differences(comparable(saved.settings(), saved),
                comparable(recorded.asMap(), saved), mayChange(spec));
        if (!differences.isEmpty()) {
            throw new UserError("-Dresume=true: the checkpoint in " + UserPath.shown(checkpoint.folder())
                    + " was made with other settings (" + String.join("; ", differences) + "); " + whatMayChange(spec));
        }
        checkData(saved, checkpoint.folder(), data);
        if (saved.step() >= spec.hyper().steps()) {
            throw new UserError("-Dresume=true: " + spec.id() + " has made " + saved.step() + " of "
                    + spec.hyper().steps() + " steps already: nothing to resume; give a larger -Dsteps to train it on");
        }
        Checkpoints.verifyState(checkpoint.folder(), saved);
        return saved;
    }

    /** @throws UserError when the checkpoint was made on other data (by content, wherever the files are) */
    private static void checkData(Checkpoints.Checkpoint saved, Path where, CifarData data) {
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

    /**
     * The settings a resume of {@code spec} may change: -Dsteps too, unless its schedule spans the
     * run's steps (a cosine's would have been another curve from the first step).
     */
    private static List<String> mayChange(ExperimentSpec spec) {
        return spec.hyper().schedule().kind() == Schedule.Kind.COSINE
                ? RESUME_MAY_CHANGE.stream().filter(key -> !key.equals("steps")).toList() : RESUME_MAY_CHANGE;
    }

    /** What a refused resume of {@code spec} says may change. */
    private static String whatMayChange(ExperimentSpec spec) {
        return mayChange(spec).contains("steps") ? "only -Dsteps may change, to train longer"
                : "no setting may change, -Dsteps neither: a cosine schedule spans the run's steps";
    }

    /**
     * Settings as a resume compares them: the data by its content when the checkpoint recorded
     * it ({@link #checkData}), else the data folder by where it is, however it was written.
     */
    private static Map<String, String> comparable(Map<String, String> settings, Checkpoints.Checkpoint saved) {
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
