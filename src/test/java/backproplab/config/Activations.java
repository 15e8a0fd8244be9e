package backproplab.config;

import java.util.List;

/** One activation of each kind, for the tests that run every one (LeakyReLU with the default slope). */
public final class Activations {

    private Activations() {}

    /** ReLU, LeakyReLU (slope 0.02), ELU, tanh: one of each {@link Activation.Kind}, in its order. */
    public static List<Activation> every() {
        return List.of(new Activation.Relu(), new Activation.LeakyRelu(0.02), new Activation.Elu(),
                new Activation.Tanh());
    }
}
