package backproplab.gradcheck;

import ai.djl.ndarray.NDArray;
import backproplab.batchnorm.BatchNormManual;
import backproplab.manual.CrossEntropyModule;
import backproplab.manual.EluModule;
import backproplab.manual.LeakyReluModule;
import backproplab.manual.LinearModule;
import backproplab.manual.ManualMlp;
import backproplab.manual.ManualModule;
import backproplab.manual.ReluModule;
import backproplab.manual.SoftmaxModule;
import backproplab.manual.TanhModule;
import java.util.List;

/**
 * The hand-written code a gradient check runs: the modules of {@code manual/} and the manual
 * batch norm of {@code nn/}, as they are ({@link #AS_IT_IS}); a test gives a version with a
 * deliberate bug to show that the check finds it.
 */
public interface HandWritten {

    /** The suite's own code. */
    HandWritten AS_IT_IS = new HandWritten() {};
    /** The slope LeakyReLU is checked with: one a float holds exactly, as DJL's reference takes it. */
    double LEAKY_SLOPE = 0.25;

    default LinearModule linear(NDArray weight, NDArray bias) {
        return new LinearModule(weight, bias);
    }

    default ManualModule relu() {
        return new ReluModule();
    }

    default ManualModule leakyRelu() {
        return new LeakyReluModule(LEAKY_SLOPE);
    }

    default ManualModule elu() {
        return new EluModule();
    }

    default ManualModule tanh() {
        return new TanhModule();
    }

    default ManualModule softmax() {
        return new SoftmaxModule();
    }

    default CrossEntropyModule crossEntropy() {
        return new CrossEntropyModule();
    }

    /** The section-1 MLP of these linear layers, with this code's ReLU between them and its SoftMax on top. */
    default ManualMlp mlp(List<LinearModule> layers) {
        return new ManualMlp(layers, this::relu, this::softmax);
    }

    /** The manual batch norm's training-mode output. */
    default NDArray batchNormForward(NDArray x, NDArray gamma, NDArray beta) {
        return BatchNormManual.handForward(x, gamma, beta);
    }

    /** The manual batch norm's {dx, dgamma, dbeta} for the output gradient {@code dy}. */
    default NDArray[] batchNormGradients(NDArray x, NDArray gamma, NDArray beta, NDArray dy) {
        return BatchNormManual.handGradients(x, gamma, beta, dy);
    }
}
