package backproplab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/** A DJL block trained by autograd: forward, cross-entropy, backward, parameter update. */
public final class AutogradLearner implements Learner {

    private final Block block;
    private final ParameterStore parameters;
    private final ParameterUpdate update;
    private final BackwardPass backward;
    private final PhaseClock clock = new PhaseClock();

    /**
     * @param parameters a store over the block's own parameter arrays (no copies)
     * @param backward how a loss is turned into gradients (plain autograd, or with hand-written
     *     gradients spliced in)
     */
    public AutogradLearner(Block block, ParameterStore parameters, ParameterUpdate update, BackwardPass backward) {
        this.block = block;
        this.parameters = parameters;
        this.update = update;
        this.backward = backward;
    }

    @Override
    public BatchScore train(NDArray images, NDArray labels) {
        NDArray logits;
        NDArray loss;
        clock.start();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            logits = block.forward(parameters, new NDList(images), true).singletonOrThrow();
            loss = Losses.crossEntropy(logits, labels);
            clock.forwardDone();
            backward.run(collector, loss);
            clock.backwardDone();
        }
        update.step();
        clock.updateDone();
        return new BatchScore(loss.getFloat(), Losses.correct(logits, labels), images.getShape().get(0));
    }

    @Override
    public BatchScore evaluate(NDArray images, NDArray labels) {
        NDArray logits = block.forward(parameters, new NDList(images), false).singletonOrThrow();
        return new BatchScore(
                Losses.crossEntropy(logits, labels).getFloat(),
                Losses.correct(logits, labels),
                images.getShape().get(0));
    }

    @Override
    public PhaseClock clock() {
        return clock;
    }
}
