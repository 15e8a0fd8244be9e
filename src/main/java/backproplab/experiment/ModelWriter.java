package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.data.CifarData;
import backproplab.results.Checkpoints;
import backproplab.saved.SavedModel;
import backproplab.train.History;
import backproplab.train.StepLoop;
import backproplab.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * When a run has made all its steps: the trained network in {@code <folder>/model/} (what
 * prediction needs), and in {@code model/training/} what continuing its training needs (the
 * optimizer's state, the batch stream: a checkpoint at the last step). A run that diverged saves
 * nothing.
 */
final class ModelWriter implements TrainingListener {

    /** Where a finished run keeps what continuing its training needs, beside its saved model. */
    static final String TRAINING_STATE = "training";

    private final ExperimentSpec spec;
    private final Path folder;
    private final Models.Network network;
    private final StepLoop loop;
    private final CifarData data;

    ModelWriter(ExperimentSpec spec, Path folder, Models.Network network, StepLoop loop, CifarData data) {
        this.spec = spec;
        this.folder = folder;
        this.network = network;
        this.loop = loop;
        this.data = data;
    }

    @Override
    public void onFinish(History history) {
        if (history.diverged()) {
            return;
        }
        try {
            Path model = folder.resolve(SavedModel.FOLDER);
            SavedModel.write(model, spec.id(), network.block(), network.manualMlp(), data, spec.asMap());
            Checkpoints.write(model.resolve(TRAINING_STATE), spec.asMap(), loop);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
