package backproplab.config;

/**
 * How the parameters learn from their gradients ({@code -Doptimizer}), with the settings each
 * reads; the updates they make are {@code train/ParameterUpdate.of}.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Adam {

    /** The name {@code -Doptimizer} gives it. */
    Kind kind();

    double learningRate();

    /** L2 weight decay added to the gradient (PyTorch's {@code weight_decay}). */
    double weightDecay();

    /** How many arrays the size of a parameter the optimizer keeps for it (Adam's moments, SGD's velocity). */
    int statePerParameter();

    /**
     * SGD, with weight decay added to the gradient.
     *
     * @param momentum PyTorch's {@code momentum} (no dampening); 0 is plain SGD
     * @param nesterov PyTorch's {@code nesterov}: the step is g + momentum * v rather than v
     */
    record Sgd(double learningRate, double weightDecay, double momentum, boolean nesterov) implements Optimizer {

        public Sgd {
            checkLearningRate(learningRate);
            checkWeightDecay(weightDecay);
            checkMomentum(momentum, nesterov);
        }

        /** Plain SGD. */
        public Sgd(double learningRate, double weightDecay) {
            this(learningRate, weightDecay, 0, false);
        }

        @Override
        public Kind kind() {
            return Kind.SGD;
        }

        /** The velocity (PyTorch's momentum buffer) with momentum; plain SGD keeps nothing. */
        @Override
        public int statePerParameter() {
            return momentum > 0 ? 1 : 0;
        }
    }

    /** Adam, with its two moments per parameter. */
    record Adam(double learningRate, double weightDecay) implements Optimizer {

        public Adam {
            checkLearningRate(learningRate);
            checkWeightDecay(weightDecay);
        }

        @Override
        public Kind kind() {
            return Kind.ADAM;
        }

        @Override
        public int statePerParameter() {
            return 2;
        }
    }

    /** The optimizers by the name {@code -Doptimizer} gives them. */
    enum Kind implements Choice {
        SGD,
        ADAM
    }

    /** The optimizer {@code values} name, from the settings it reads alone. */
    static Optimizer read(SettingValues values) {
        return switch (values.get(Settings.OPTIMIZER)) {
            case SGD -> new Sgd(values.get(Settings.LEARNING_RATE), values.get(Settings.WEIGHT_DECAY),
                    values.get(Settings.MOMENTUM), values.get(Settings.NESTEROV));
            case ADAM -> new Adam(values.get(Settings.LEARNING_RATE), values.get(Settings.WEIGHT_DECAY));
        };
    }

    static void checkLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw Hyperparameters.bad("learningRate", learningRate, "must be a positive finite number");
        }
    }

    private static void checkWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw Hyperparameters.bad("weightDecay", weightDecay, "must be zero or a positive finite number");
        }
    }

    /** SGD's momentum, and Nesterov's, which needs one (as PyTorch's SGD says). */
    static void checkMomentum(double momentum, boolean nesterov) {
        // At 1 and above the velocity sums the gradients without forgetting any and grows without bound.
        if (!(momentum >= 0 && momentum < 1)) {
            throw Hyperparameters.bad("momentum", momentum, "must be zero or more and below 1, e.g. 0.9");
        }
        if (nesterov && momentum == 0) {
            throw Hyperparameters.bad("nesterov", true, "Nesterov momentum needs a momentum: give -Dmomentum=0.9, say");
        }
    }
}
