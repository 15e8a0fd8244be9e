package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.config.Options;
import backproplab.config.RecordedSettings;
import backproplab.data.CifarData;
import backproplab.report.Analysis;
import backproplab.results.Checkpoints;
import backproplab.results.RunFiles;
import backproplab.results.RunFolder;
import backproplab.tensorboard.TensorBoardLog;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.train.ProgressBar;
import backproplab.train.StepLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Everything a training run writes as it goes, called by the run at each step and evaluation: the
 * progress bar, metrics.csv (and diagnostics.csv), the TensorBoard events, the network of the best
 * validation accuracy so far, the checkpoints; and its end ({@link RunEnd}): the model, the figures
 * and the summary, however the run ends.
 */
final class Recorder implements AutoCloseable {

    private final ExperimentSpec spec;
    private final StepLoop loop;
    private final ProgressBar bar;
    private final RunFiles files;
    /** Null when the run writes no TensorBoard events. */
    private final TensorBoardLog board;
    private final Checkpoints checkpoints;
    /** Null when the run has no validation set, so selects no network. */
    private final ModelWriter selected;
    private final RunEnd end;
    private final PrintStream out;

    private Recorder(ExperimentSpec spec, StepLoop loop, ProgressBar bar, RunFiles files, TensorBoardLog board,
            Checkpoints checkpoints, ModelWriter selected, RunEnd end, PrintStream out) {
        this.spec = spec;
        this.loop = loop;
        this.bar = bar;
        this.files = files;
        this.board = board;
        this.checkpoints = checkpoints;
        this.selected = selected;
        this.end = end;
        this.out = out;
    }

    /** The writers of {@code run}, whose loop starts where a resumed run's checkpoint left it. */
    static Recorder open(PlannedRun run, StepLoop loop, Models.Built network, CifarData data, RunContext context)
            throws IOException {
        ExperimentSpec spec = run.spec();
        RunFolder folder = run.folder();
        Options options = context.options();
        RecordedSettings settings = options.recorded(spec);
        RunFiles files = RunFiles.open(folder, loop.points(), spec.hyper().validation() > 0);
        TensorBoardLog board;
        try {
            board = options.tensorBoard()
                    ? TensorBoardLog.open(folder, TrainingRun.description(spec, settings, run.command()), loop) : null;
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        ProgressBar bar = ProgressBar.forConsole(spec.id(), spec.hyper().steps(), context.out());
        Checkpoints checkpoints = new Checkpoints(folder.checkpoint(), settings, data.fingerprint(),
                options.checkpointEvery(), spec.hyper().steps(), loop.stepsDone(), bar::println);
        ModelWriter selected = spec.hyper().validation() > 0
                ? new ModelWriter(spec, settings, folder, network, loop, data) : null;
        RunEnd end = new RunEnd(spec, folder, settings, run.command(), data, loop, network, files, board, bar);
        return new Recorder(spec, loop, bar, files, board, checkpoints, selected, end, context.out());
    }

    /** A training step: the bar, and what TensorBoard shows of it. */
    void stepped(StepLoop.Step step) {
        if (board != null && step.layers() != null) {
            board.onLayers(step.layers());
        }
        bar.onStep(step.step(), step.score(), step.times());
        if (board != null) {
            board.onStep(step.step(), step.score(), step.times());
        }
    }

    /**
     * An evaluation, recorded everywhere at once: the bar's line, metrics.csv, TensorBoard, the
     * network when its validation accuracy is the best so far, then a checkpoint (after the event
     * file and the network: what a checkpoint continues from is in them).
     */
    void evaluated(EvalPoint point) throws IOException {
        bar.onEvaluation(point, loop);
        files.onEvaluation(point, loop);
        if (board != null) {
            board.onEvaluation(point, loop);
        }
        if (selected != null && History.selected(loop.points()) == point) {
            selected.saveSelected();
        }
        checkpoints.onEvaluation(point, loop);
    }

    /** The run made all its steps, or diverged: its end saved ({@link RunEnd#finished}), and told. */
    History finished(History history) throws IOException {
        bar.finish();
        end.finished(history);
        out.println(spec.id() + ": " + Analysis.mostConfused(loop.confusion(lastStep(history))));
        if (board != null) {
            out.println(spec.id() + ": " + board.written());
        }
        return history;
    }

    /**
     * The run stopped on the way ({@code failure}): what it measured is saved as interrupted
     * ({@link RunEnd#stopped}); returns the failure to throw on.
     */
    RuntimeException stopped(Exception failure) {
        RuntimeException thrown = failure instanceof RuntimeException r ? r
                : new UncheckedIOException((IOException) failure);
        end.stopped(thrown);
        return thrown;
    }

    /** Unregisters the run's end from Ctrl-C, and closes the event file and the metrics file, in that order. */
    @Override
    public void close() throws IOException {
        try (RunFiles closedLast = files; TensorBoardLog closedSecond = board; RunEnd closedFirst = end) {
            // Closed by the statement itself, in reverse order, each failure kept.
        }
    }

    /** The step of a run's last evaluation. */
    private static int lastStep(History history) {
        return history.points().get(history.points().size() - 1).step();
    }
}
