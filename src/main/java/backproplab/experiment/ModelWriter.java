package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.config.RecordedSettings;
import backproplab.data.CifarData;
import backproplab.results.Checkpoints;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.saved.SavedModel;
import backproplab.train.StepLoop;
import backproplab.util.Fault;
import backproplab.util.HaltPoint;
import java.io.IOException;
import java.nio.file.Path;

/**
 * When a run has made all its steps: the trained network in {@code <folder>/model/} (what
 * prediction needs), and in {@code model/training/} what continuing its training needs (the
 * optimizer's state, the batch stream: a checkpoint at the last step). With a validation set, at
 * each evaluation of a better validation accuracy: the network as it is then, in
 * {@code <folder>/model-selected/}, which prediction takes alike.
 */
final class ModelWriter {

    private final ExperimentSpec spec;
    private final RecordedSettings settings;
    private final RunFolder folder;
    private final Models.Built network;
    private final StepLoop loop;
    private final CifarData data;

    /** @param settings the settings as the run saves them */
    ModelWriter(ExperimentSpec spec, RecordedSettings settings, RunFolder folder, Models.Built network, StepLoop loop,
            CifarData data) {
        this.spec = spec;
        this.settings = settings;
        this.folder = folder;
        this.network = network;
        this.loop = loop;
        this.data = data;
    }

    /**
     * Saves the model. Written whole beside the model it replaces, then swapped in: a kill at any
     * moment leaves one whole model (the one trained further, or the one it started from). A save
     * that fails (a full disk) leaves the model as it was, and takes its half-written copy away.
     */
    void save() throws IOException {
        write(folder.model(), true);
    }

    /** Saves the network as it is now as the selected one, as {@link #save} saves the model, without a training state. */
    void saveSelected() throws IOException {
        write(folder.selectedModel(), false);
    }

    private void write(Path model, boolean withTrainingState) throws IOException {
        Path partial = RunFolder.partial(model);
        RunLayout.delete(partial, RunLayout.Kind.MODEL);
        try {
            SavedModel.write(partial, spec.id(), network.block(), network.manualMlp(), data, loop.input(),
                    settings.asMap());
            if (withTrainingState) {
                Checkpoints.write(partial.resolve(RunLayout.TRAINING_STATE), settings, data.fingerprint(), loop);
            }
            SavedModel.seal(partial);
        } catch (IOException e) {
            try {
                RunLayout.delete(partial, RunLayout.Kind.MODEL);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw Fault.at(partial, e);
        }
        if (withTrainingState) {
            HaltPoint.reached(HaltPoint.MODEL_WRITTEN);
        }
        RunLayout.swapModel(model);
    }
}
