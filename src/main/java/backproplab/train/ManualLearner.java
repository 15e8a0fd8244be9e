package backproplab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import backproplab.data.CifarData;
import backproplab.manual.CrossEntropyModule;
import backproplab.manual.ManualMlp;
import backproplab.manual.ManualSgd;
import backproplab.train.BatchScore;
import backproplab.train.Learner;
import backproplab.train.Losses;
import backproplab.train.PhaseClock;

/**
 * Report section 1: the MLP whose every backward is written by hand on NDArrays, trained by the
 * same loop as every other experiment. Only plain SGD is defined for it, as in the course.
 */
final class Section1ManualMlp implements Experiment {

    @Override
    public ExperimentResult run(ExperimentSpec spec, RunContext context) {
        if (!spec.optimizer().equals("sgd") || !spec.batchNorm().equals("none") || spec.weightDecay() != 0) {
            throw new backproplab.util.UserError(spec.id() + ": the hand-written MLP trains with plain SGD only"
                    + " (optimizer=sgd, weightDecay=0, batchNorm=none), got optimizer=" + spec.optimizer()
                    + ", weightDecay=" + spec.weightDecay() + ", batchNorm=" + spec.batchNorm());
        }
        return TrainingRun.execute(spec, context, manager -> new ManualLearner(
                new ManualMlp(CifarData.PIXELS, spec.hidden(), CifarData.CLASSES, manager), spec.learningRate()));
    }

    /** Adapts the hand-written MLP to the step loop: no autograd anywhere. */
    static final class ManualLearner implements Learner {

        private final ManualMlp mlp;
        private final ManualSgd sgd;
        private final CrossEntropyModule crossEntropy = new CrossEntropyModule();
        private final PhaseClock clock = new PhaseClock();

        ManualLearner(ManualMlp mlp, double learningRate) {
            this.mlp = mlp;
            this.sgd = new ManualSgd(mlp.linearModules(), learningRate);
        }

        @Override
        public BatchScore train(NDArray images, NDArray labels) {
            clock.start();
            NDArray probabilities = mlp.forward(images);
            NDArray loss = crossEntropy.forward(probabilities, oneHot(labels));
            clock.forwardDone();
            mlp.backwardToParameters(crossEntropy.backward());
            clock.backwardDone();
            sgd.step();
            clock.updateDone();
            return new BatchScore(loss.getFloat(), Losses.correct(probabilities, labels), images.getShape().get(0));
        }

        @Override
        public BatchScore evaluate(NDArray images, NDArray labels) {
            NDArray probabilities = mlp.forward(images);
            return new BatchScore(crossEntropy.forward(probabilities, oneHot(labels)).getFloat(),
                    Losses.correct(probabilities, labels), images.getShape().get(0));
        }

        @Override
        public PhaseClock clock() {
            return clock;
        }

        private static NDArray oneHot(NDArray labels) {
            return labels.oneHot(CifarData.CLASSES).toType(DataType.FLOAT32, false);
        }
    }
}
