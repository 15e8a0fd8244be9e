package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.config.RecordedSettings;
import backproplab.data.CifarData;
import backproplab.report.ChartTitles;
import backproplab.report.RunFigures;
import backproplab.report.RunSummary;
import backproplab.results.Checkpoints;
import backproplab.results.OnInterrupt;
import backproplab.results.RunFiles;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.results.RunStatus;
import backproplab.tensorboard.TensorBoardLog;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.train.ProgressBar;
import backproplab.train.StepLoop;
import backproplab.util.Fault;
import backproplab.util.HaltPoint;
import backproplab.util.UserPath;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The end of a training run, whichever way it comes: all its steps made (or diverged), Ctrl-C or
 * SIGTERM (from the shutdown hook), or a failure (a full disk). One end happens, whole, under one
 * lock: a signal that comes during the final saves waits for them, and a run stopped part-way is
 * saved as interrupted once.
 *
 * <p>The order keeps the folder one run at every moment. First go the summary and the figures of
 * the attempt this one continues (-Dresume=true): they would describe what is no longer there.
 * Then the trained model, metrics.csv, the figures, the end of the TensorBoard session, and the
 * summary last: a folder with a summary has every file of its run. The checkpoint goes only after
 * the summary, so that a run stopped before continues from it.
 */
final class RunEnd implements AutoCloseable {

    /** How long Ctrl-C waits for final saves under way before it gives up on them (a model takes seconds). */
    private static final long FINAL_SAVES_WAIT_SECONDS = 120;

    private final ExperimentSpec spec;
    private final RunFolder folder;
    private final RecordedSettings settings;
    private final String command;
    private final CifarData data;
    private final StepLoop loop;
    private final Models.Built network;
    private final RunFiles files;
    private final TensorBoardLog board;
    private final ProgressBar bar;
    private final ReentrantLock lock = new ReentrantLock();
    private final OnInterrupt.Registration registration;
    private boolean ended;
    /** Whether the files of the attempt this run continues are gone (once: later files are this run's). */
    private boolean retired;

    /**
     * @param settings the settings as the run saves them
     * @param board null when the run writes no TensorBoard events
     */
    RunEnd(ExperimentSpec spec, RunFolder folder, RecordedSettings settings, String command, CifarData data,
            StepLoop loop, Models.Built network, RunFiles files, TensorBoardLog board, ProgressBar bar) {
        this.spec = spec;
        this.folder = folder;
        this.settings = settings;
        this.command = command;
        this.data = data;
        this.loop = loop;
        this.network = network;
        this.files = files;
        this.board = board;
        this.bar = bar;
        this.registration = OnInterrupt.register(this::interrupted);
    }

    /**
     * The run made all its steps, or diverged: its model (unless it diverged), files, figures and
     * summary, in that order; then its checkpoint goes. Nothing, when Ctrl-C saved it first.
     */
    void finished(History history) throws IOException {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            HaltPoint.reached(HaltPoint.FINAL_SAVES);
            retireEarlierAttempt();
            if (!history.diverged()) {
                new ModelWriter(spec, settings, folder, network, loop, data).save();
            }
            RunStatus status = new RunStatus(history.diverged(), false, history.stepsDone(), spec.hyper().steps(),
                    history.stoppedEarly());
            int last = lastStep(history.points());
            Confusion confusion = loop.confusion(last);
            files.putInPlace();
            HaltPoint.reached(HaltPoint.FIGURES);
            RunFigures.draw(folder, measured(status, confusion)
                    .withPredictions(new RunFigures.Predictions(data.testLabels().toLongArray(), loop.testPredictions(),
                            data::rawTestImage))
                    .withFirstWeight(network.learner().weightLayers().get(0).weight()));
            if (board != null) {
                HaltPoint.reached(HaltPoint.TENSORBOARD_END);
                board.finish(folder, last, history.diverged());
            }
            HaltPoint.reached(HaltPoint.BEFORE_SUMMARY);
            RunSummary.of(spec, settings, command, history, status, TrainingRun.environment(data), confusion,
                    loop.confusion(history.best().step()), loop.diagnostics().last(), loop.statsMsPerRecord())
                    .write(folder);
            ended = true;
            if (status.ended()) {
                // Only now: a run stopped while it saved its model or its files still continues from here.
                Checkpoints.delete(folder.checkpoint());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The run stopped before its end was saved (a failure in the training thread): what it
     * measured is saved as interrupted, as far as the machine lets it. What fails on the way is
     * added to {@code failure}, which stays what the user is told.
     */
    void stopped(RuntimeException failure) {
        lock.lock();
        try {
            saveStopped(failure);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ctrl-C or SIGTERM, from the shutdown hook: the run is saved as interrupted, unless its final
     * saves are under way, which are waited for (the JVM would otherwise end them part-way).
     */
    private void interrupted() {
        try {
            if (!lock.tryLock()) {
                System.err.println("interrupted: " + spec.id() + " is writing its final files; waiting for them");
                if (!lock.tryLock(FINAL_SAVES_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("interrupted: " + spec.id() + "'s final files took longer than "
                            + FINAL_SAVES_WAIT_SECONDS + " s; -Dresume=true completes the run");
                    return;
                }
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            if (ended) {
                System.err.println("interrupted: " + spec.id() + " had made its steps; its files are complete in "
                        + UserPath.shown(folder.path()));
                return;
            }
            saveStopped(null);
            System.err.println("interrupted: " + files.points().size() + " evaluations saved in "
                    + UserPath.shown(folder.path()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Saves a run stopped part-way, as interrupted after its last evaluation: the earlier attempt's
     * summary and figures go first (if they cannot, the folder keeps that attempt whole and nothing
     * else changes), then metrics.csv and the figures drawn from it, then the summary, each step
     * only once the one before it is in place.
     *
     * @param failure what stopped the run, which collects what fails here; null for a signal
     */
    private void saveStopped(RuntimeException failure) {
        if (ended) {
            return;
        }
        ended = true;
        bar.finish();
        if (!attempt(this::retireEarlierAttempt, failure) || !attempt(files::putInPlace, failure)) {
            return;
        }
        // Read once the files take no more: an evaluation the training thread makes meanwhile is in neither.
        int done = files.lastStep();
        RunStatus status = new RunStatus(false, true, done, spec.hyper().steps());
        Confusion confusion = loop.confusion(done);
        if (!attempt(() -> RunFigures.draw(folder, measured(status, confusion)), failure)) {
            return;
        }
        List<EvalPoint> points = files.points();
        History history = new History(points, done, Double.NaN, points.isEmpty() ? 0
                : points.get(points.size() - 1).elapsedSeconds(), false);
        attempt(() -> RunSummary.of(spec, settings, command, history, status, TrainingRun.environment(data),
                confusion, points.isEmpty() ? null : loop.confusion(history.best().step()),
                loop.diagnostics().upTo(done).last(), loop.statsMsPerRecord()).write(folder), failure);
    }

    /**
     * What the run measured, for its figures: its evaluations and layer statistics as metrics.csv
     * and diagnostics.csv hold them, and the test set's confusion at the last evaluation.
     */
    private RunFigures.Inputs measured(RunStatus status, Confusion confusion) {
        return RunFigures.Inputs.titled(ChartTitles.curves(spec.id(), spec, folder, 1, status))
                .withCurve(files.points()).withDiagnostics(files.diagnostics()).withConfusion(confusion);
    }

    /** Unregisters the hook: the run ended, one way or the other. */
    @Override
    public void close() {
        registration.close();
    }

    /**
     * Deletes the summary and the figures a resumed run's folder holds of the attempt it continues
     * ({@link RunLayout#retireAttempt}), once: from then on, the folder's files are this run's.
     */
    private void retireEarlierAttempt() throws IOException {
        if (!retired) {
            RunLayout.retireAttempt(folder);
            retired = true;
        }
    }

    /** A step of saving a stopped run. */
    private interface Save {
        void run() throws IOException;
    }

    /**
     * Runs {@code save}; whether it succeeded. Its failure joins {@code failure}, or, for a signal
     * (no failure), is told in one line.
     */
    private static boolean attempt(Save save, RuntimeException failure) {
        try {
            save.run();
            return true;
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                Fault fault = Fault.of(e);
                System.err.println("interrupted: " + (fault != null ? fault.getMessage() : e.toString()));
            }
            return false;
        }
    }

    private static int lastStep(List<EvalPoint> points) {
        return points.get(points.size() - 1).step();
    }
}
