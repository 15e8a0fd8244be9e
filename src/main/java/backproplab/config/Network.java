package backproplab.config;

import java.util.List;

/**
 * The network an experiment trains, holding only the settings it reads: a setting it has no field
 * for cannot be given to it. {@code -Dmodel} names which ({@link Kind}); {@link #read} builds it.
 */
public sealed interface Network permits Network.HandWrittenMlp, Network.Mlp, Network.ConvNet {

    /** The name {@code -Dmodel} gives it. */
    Kind kind();

    /** A network of hidden layers (the MLPs), with an activation after each. */
    sealed interface Layered permits HandWrittenMlp, Mlp {
        List<Integer> hidden();

        Activation activation();

        /** The probability each hidden activation's output is zeroed in training (inverted dropout); 0 is none. */
        double dropout();

        /** How its linear layers start. */
        Init init();

        /** How its linear layers start when no init is given. */
        Init ownInit();
    }

    /** A network that learns with an optimizer of its settings' choosing. */
    sealed interface Optimized permits Mlp, ConvNet {
        Optimizer optimizer();
    }

    /**
     * Section 1's MLP, every module's backward written by hand, trained by its own SGD (no weight
     * decay, as in the course).
     *
     * @param momentum SGD's momentum, as PyTorch's; 0 is the course's plain SGD
     * @param nesterov Nesterov momentum, as PyTorch's
     */
    record HandWrittenMlp(List<Integer> hidden, Activation activation, double learningRate, double momentum,
            boolean nesterov, double dropout, Init init) implements Network, Layered {

        public HandWrittenMlp {
            hidden = List.copyOf(hidden);
            Optimizer.checkLearningRate(learningRate);
            Optimizer.checkMomentum(momentum, nesterov);
            checkDropout(dropout);
        }

        /** Without dropout, started as the course's. */
        public HandWrittenMlp(List<Integer> hidden, Activation activation, double learningRate, double momentum,
                boolean nesterov) {
            this(hidden, activation, learningRate, momentum, nesterov, 0, Init.COURSE);
        }

        @Override
        public Init ownInit() {
            return Init.COURSE;
        }

        /** Its SGD's settings. */
        public Optimizer.Sgd sgd() {
            return new Optimizer.Sgd(learningRate, 0, momentum, nesterov);
        }

        @Override
        public Kind kind() {
            return Kind.MANUAL_MLP;
        }
    }

    /**
     * The MLP of DJL's blocks, trained by autograd.
     *
     * @param activation the activation after each hidden layer (after its batch norm)
     * @param batchNorm the batch norm after each hidden linear layer
     * @param compareBatchNorms section 3: train the MLP once with each of these batch norms and
     *     compare them (empty: train once, with {@code batchNorm}, which is none when it compares)
     */
    record Mlp(List<Integer> hidden, Activation activation, BatchNormKind batchNorm,
            List<BatchNormKind> compareBatchNorms, Optimizer optimizer, double dropout, Init init)
            implements Network, Layered, Optimized {

        /** Without dropout, started as PyTorch's. */
        public Mlp(List<Integer> hidden, Activation activation, BatchNormKind batchNorm,
                List<BatchNormKind> compareBatchNorms, Optimizer optimizer) {
            this(hidden, activation, batchNorm, compareBatchNorms, optimizer, 0, Init.PYTORCH);
        }

        @Override
        public Init ownInit() {
            return Init.PYTORCH;
        }

        public Mlp {
            checkDropout(dropout);
            hidden = List.copyOf(hidden);
            compareBatchNorms = List.copyOf(compareBatchNorms);
            if (compareBatchNorms.contains(BatchNormKind.NONE)) {
                throw Hyperparameters.bad("compareBatchNorms", Choice.keys(compareBatchNorms),
                        "batch norms separated by commas, from " + Choice.names(BatchNormKind.class) + " but none");
            }
            // Section 3 compares the hand-written backward with autograd's: both must be there.
            if (!compareBatchNorms.isEmpty()
                    && !compareBatchNorms.containsAll(List.of(BatchNormKind.AUTOGRAD, BatchNormKind.MANUAL))) {
                throw Hyperparameters.bad("compareBatchNorms", Choice.keys(compareBatchNorms),
                        "must include autograd and manual");
            }
        }

        @Override
        public Kind kind() {
            return Kind.MLP;
        }

        /** The same MLP with one batch norm, comparing none: one of section 3's runs. */
        public Mlp withBatchNorm(BatchNormKind kind) {
            return new Mlp(hidden, activation, kind, List.of(), optimizer, dropout, init);
        }
    }

    /** Section 4's VGG-like ConvNet. */
    record ConvNet(Optimizer optimizer) implements Network, Optimized {

        @Override
        public Kind kind() {
            return Kind.CONVNET;
        }
    }

    /** The init {@code values} give, else the network's own. */
    private static Init init(SettingValues values, Init own) {
        Init given = values.get(Settings.INIT);
        return given == null ? own : given;
    }

    /** At least 0 and below 1: at 1 nothing would pass. */
    private static void checkDropout(double dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw Hyperparameters.bad("dropout", dropout, "must be at least 0 and below 1, e.g. 0.2");
        }
    }

    /** The networks by the name {@code -Dmodel} gives them. */
    enum Kind implements Choice {
        MANUAL_MLP,
        MLP,
        CONVNET;

        /** {@code manual-mlp}, as every recorded run names it; the others as {@link Choice} names them. */
        @Override
        public String key() {
            return this == MANUAL_MLP ? "manual-mlp" : Choice.super.key();
        }
    }

    /**
     * The network {@code values} name, from the settings it reads alone. Section 3's MLP takes
     * its batch norms from compareBatchNorms and reads no batchNorm.
     */
    static Network read(SettingValues values) {
        return switch (values.get(Settings.MODEL)) {
            case MANUAL_MLP -> new HandWrittenMlp(values.get(Settings.HIDDEN), Activation.read(values),
                    values.get(Settings.LEARNING_RATE), values.get(Settings.MOMENTUM), values.get(Settings.NESTEROV),
                    values.get(Settings.DROPOUT), init(values, Init.COURSE));
            case MLP -> {
                List<Integer> hidden = values.get(Settings.HIDDEN);
                List<BatchNormKind> compared = values.get(Settings.COMPARE_BATCH_NORMS);
                BatchNormKind batchNorm = compared.isEmpty() ? values.get(Settings.BATCH_NORM) : BatchNormKind.NONE;
                yield new Mlp(hidden, Activation.read(values), batchNorm, compared, Optimizer.read(values),
                        values.get(Settings.DROPOUT), init(values, Init.PYTORCH));
            }
            case CONVNET -> new ConvNet(Optimizer.read(values));
        };
    }
}
