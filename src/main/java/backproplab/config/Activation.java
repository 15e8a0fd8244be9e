package backproplab.config;

/**
 * The MLPs' activation between their layers ({@code -Dactivation}), with the settings each reads:
 * only LeakyReLU reads one, its slope for negative inputs ({@code -DnegSlope}). The blocks and
 * hand-written modules that compute them are {@code nn/Nonlinearity} and {@code manual/}.
 */
public sealed interface Activation permits Activation.Relu, Activation.LeakyRelu, Activation.Elu, Activation.Tanh {

    /** The name {@code -Dactivation} gives it. */
    Kind kind();

    /** max(0, x): the report's, and the default. */
    record Relu() implements Activation {
        @Override
        public Kind kind() {
            return Kind.RELU;
        }
    }

    /**
     * x for x > 0, negSlope * x elsewhere.
     *
     * @param negSlope the slope for negative inputs, at least 0 and below 1 (PyTorch's {@code negative_slope})
     */
    record LeakyRelu(double negSlope) implements Activation {

        public LeakyRelu {
            // At 0 it is ReLU; a negative slope would make the output's sign no longer tell the input's.
            if (!(negSlope >= 0 && negSlope < 1)) {
                throw Hyperparameters.bad("negSlope", negSlope, "must be at least 0 and below 1");
            }
        }

        @Override
        public Kind kind() {
            return Kind.LEAKY_RELU;
        }
    }

    /** x for x > 0, exp(x) - 1 elsewhere: ELU with alpha 1, PyTorch's default. */
    record Elu() implements Activation {
        @Override
        public Kind kind() {
            return Kind.ELU;
        }
    }

    /** tanh(x). */
    record Tanh() implements Activation {
        @Override
        public Kind kind() {
            return Kind.TANH;
        }
    }

    /** The activations by the name {@code -Dactivation} gives them, and by PyTorch's name of each. */
    enum Kind implements Choice {
        RELU("ReLU"),
        LEAKY_RELU("LeakyReLU"),
        ELU("ELU"),
        TANH("Tanh");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        /** PyTorch's name of the module ({@code nn.LeakyReLU}), which DJL gives its block too. */
        public String title() {
            return title;
        }
    }

    /** The activation {@code values} name, from the settings it reads alone. */
    static Activation read(SettingValues values) {
        return switch (values.get(Settings.ACTIVATION)) {
            case RELU -> new Relu();
            case LEAKY_RELU -> new LeakyRelu(values.get(Settings.NEG_SLOPE));
            case ELU -> new Elu();
            case TANH -> new Tanh();
        };
    }
}
