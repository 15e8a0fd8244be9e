package backproplab.experiment;

import ai.djl.ndarray.types.Shape;
import backproplab.data.CifarData;
import backproplab.nn.ConvNet;

/** Report section 4: the VGG-like ConvNet. */
final class Section4ConvNet implements Experiment {

    @Override
    public ExperimentResult run(ExperimentSpec spec, RunContext context) {
        return TrainingRun.execute(spec, context, manager -> AutogradModels.learner(
                ConvNet.build(CifarData.CLASSES), manager, new Shape(1, CifarData.PIXELS), spec));
    }
}
