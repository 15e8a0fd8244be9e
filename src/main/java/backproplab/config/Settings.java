package backproplab.config;

import backproplab.util.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every experiment setting, declared once, in the order the results record them: how an
 * experiment is presented (nothing that changes a number), then what it trains. A new setting is
 * a declaration here and a field of {@link Presentation}, {@link Hyperparameters} or the
 * {@link Network} or {@link Optimizer} that reads it.
 */
public final class Settings {

    public static final Setting<String> TITLE = text("title", "what the experiment is, for listings and chart titles",
            s -> s.shown().title());
    public static final Setting<String> FIGURE = text("figure",
            "the report section and figure it reproduces, e.g. 2, Fig. 3", s -> s.shown().figure());
    public static final Setting<String> REPORT_ACCURACY = text("reportAccuracy",
            "the report's test accuracy for it (empty: none)", s -> s.shown().reportAccuracy());
    public static final Setting<Integer> SECTION = new Setting<>("section", "2",
            "the report section (1-4), for ordering and titles", Setting.wholeNumber(), String::valueOf,
            s -> s.shown().section());
    public static final Setting<Network.Kind> MODEL = choice("model", Network.Kind.class, "mlp",
            "the network: manual-mlp (section 1's hand-written MLP), mlp (DJL's), convnet (the VGG-like ConvNet)",
            s -> s.hyper().network().kind());
    public static final Setting<List<Integer>> HIDDEN = new Setting<>("hidden", "100",
            "hidden layer sizes of the MLPs, e.g. 1024,2048 (1024+2048 in a sweep)", Settings::sizes,
            sizes -> sizes.stream().map(String::valueOf).collect(Collectors.joining(",")),
            s -> s.hyper().network() instanceof Network.Layered layered ? layered.hidden() : null)
            .explained("The ConvNet's layers are its own: it refuses the setting.");
    public static final Setting<Activation.Kind> ACTIVATION = choice("activation", Activation.Kind.class, "relu",
            "the MLPs' activation between layers: relu, leakyRelu, elu (alpha 1) or tanh",
            s -> s.hyper().network() instanceof Network.Layered layered ? layered.activation().kind() : null)
            .explained("As PyTorch's `nn.ReLU`, `nn.LeakyReLU`, `nn.ELU` and `nn.Tanh`, in the DJL MLP and, with a "
                    + "hand-written backward, in section 1's. The ConvNet keeps its ReLU and refuses the setting.");
    public static final Setting<Double> NEG_SLOPE = new Setting<>("negSlope", "0.02",
            "with activation=leakyRelu: its slope for negative inputs", Setting.realNumber(), String::valueOf,
            s -> s.hyper().network() instanceof Network.Layered layered
                    && layered.activation() instanceof Activation.LeakyRelu leaky ? leaky.negSlope() : null)
            .explained("PyTorch's `negative_slope`, at least 0 and below 1; the default is the course's. Refused "
                    + "with any other activation.");
    public static final Setting<Double> DROPOUT = new Setting<>("dropout", "0",
            "the probability each hidden activation's output of the MLPs is zeroed in training (inverted dropout,"
                    + " the rest scaled by 1/(1-p); none when evaluating)", Setting.realNumber(), String::valueOf,
            s -> s.hyper().network() instanceof Network.Layered layered ? layered.dropout() : null)
            .explained("As PyTorch's `nn.Dropout`, after each hidden activation. The layer statistics see the "
                    + "activation's output before it. Its masks come from libtorch's generator seeded anew at each "
                    + "step from the seed and the step, so that a resumed run draws the same.");
    public static final Setting<Init> INIT = new Setting<>("init", "",
            "how the MLPs' linear layers start: course (weights N(0, 1e-4^2), biases 0), pytorch (uniform in"
                    + " +-1/sqrt(fan_in)) or kaiming (He's normal for ReLU); empty: the network's own, course for the"
                    + " hand-written MLP, pytorch for DJL's", Settings::init, init -> init == null ? "" : init.key(),
            s -> s.hyper().network() instanceof Network.Layered layered && layered.init() != layered.ownInit()
                    ? layered.init() : null)
            .explained("`kaiming` is `kaiming_normal_`. Not given, a run records none.");
    public static final Setting<BatchNormKind> BATCH_NORM = choice("batchNorm", BatchNormKind.class, "none",
            "batch norm before each activation of the MLP: none, builtin (DJL's), autograd (the autograd block) or"
                    + " manual (the hand-written backward)",
            s -> s.hyper().network() instanceof Network.Mlp mlp ? mlp.batchNorm() : null);
    public static final Setting<List<BatchNormKind>> COMPARE_BATCH_NORMS = new Setting<>("compareBatchNorms", "",
            "section 3: train the MLP once with each of these batch norms, and compare them", Settings::batchNorms,
            Choice::keys, s -> s.hyper().network() instanceof Network.Mlp mlp ? mlp.compareBatchNorms() : null);
    public static final Setting<Optimizer.Kind> OPTIMIZER = choice("optimizer", Optimizer.Kind.class, "sgd",
            "how the parameters learn: sgd or adam (the hand-written MLP has its own SGD only)",
            s -> optimizer(s) == null ? null : optimizer(s).kind());
    public static final Setting<Double> LEARNING_RATE = new Setting<>("learningRate", "2e-3",
            "the optimizer's learning rate", Setting.realNumber(), String::valueOf, s -> s.hyper().learningRate());
    public static final Setting<Double> WEIGHT_DECAY = new Setting<>("weightDecay", "0",
            "L2 weight decay added to the gradient, as PyTorch's weight_decay", Setting.realNumber(),
            String::valueOf, s -> optimizer(s) == null ? null : optimizer(s).weightDecay());
    public static final Setting<Double> MOMENTUM = new Setting<>("momentum", "0",
            "SGD's momentum, as PyTorch's momentum (0: plain SGD; Adam has none)", Setting.realNumber(),
            String::valueOf, s -> sgd(s) == null ? null : sgd(s).momentum())
            .explained("Each parameter keeps a velocity v = M v + g (g with its weight decay, no dampening) and "
                    + "moves by the learning rate times v; the hand-written MLP's SGD has it too.");
    public static final Setting<Boolean> NESTEROV = new Setting<>("nesterov", "false",
            "SGD with Nesterov momentum, as PyTorch's nesterov (needs a momentum)", Setting.trueOrFalse(),
            String::valueOf, s -> sgd(s) == null ? null : sgd(s).nesterov())
            .explained("A parameter then moves by the learning rate times g + M v.");
    public static final Setting<Schedule.Kind> SCHEDULE = choice("schedule", Schedule.Kind.class, "constant",
            "how the learning rate changes over the steps: constant, step (decayFactor every decayEvery steps) or"
                    + " cosine (down to minLearningRate at the end), after warmup", s -> s.hyper().schedule().kind())
            .explained("Stepped after each update, as PyTorch's schedulers: `step` is `StepLR`, `cosine` is "
                    + "`CosineAnnealingLR` over the steps after the warm-up. TensorBoard shows the rate as "
                    + "`optimizer/learning_rate`.");
    public static final Setting<Integer> WARMUP = new Setting<>("warmup", "0",
            "steps of linear warm-up of the learning rate, from 1/warmup of it to all of it (PyTorch's LinearLR)",
            Setting.wholeNumber(), String::valueOf, s -> s.hyper().schedule().warmup())
            .explained("Step t of the first N trains at t/N of the rate; then the schedule begins.");
    public static final Setting<Integer> DECAY_EVERY = new Setting<>("decayEvery", "1000",
            "schedule=step: steps between two decays (StepLR's step_size)", Setting.wholeNumber(), String::valueOf,
            s -> s.hyper().schedule().kind() == Schedule.Kind.STEP ? s.hyper().schedule().decayEvery() : null);
    public static final Setting<Double> DECAY_FACTOR = new Setting<>("decayFactor", "0.5",
            "schedule=step: what each decay multiplies the learning rate by (StepLR's gamma)", Setting.realNumber(),
            String::valueOf,
            s -> s.hyper().schedule().kind() == Schedule.Kind.STEP ? s.hyper().schedule().decayFactor() : null);
    public static final Setting<Double> MIN_LEARNING_RATE = new Setting<>("minLearningRate", "0",
            "schedule=cosine: the learning rate at the end (CosineAnnealingLR's eta_min)", Setting.realNumber(),
            String::valueOf,
            s -> s.hyper().schedule().kind() == Schedule.Kind.COSINE ? s.hyper().schedule().minLearningRate() : null);
    public static final Setting<Input> INPUT = choice("input", Input.class, "meanImage",
            "how the pixels are scaled before the network: meanImage (the course's: the training set's mean image"
                    + " subtracted, pixels in about +-255) or standardize (each channel to mean 0, standard deviation 1"
                    + " over the training set)", s -> s.hyper().input())
            .explained("Both statistics come from all the training images, a validation set's too, as the course "
                    + "computes its mean image, and serve the batches, the images evaluated and a saved model's "
                    + "predictions alike. With the course's, relu1's standard deviation is near 150 and the DJL "
                    + "MLP's first loss near 70; `standardize` is torchvision's `Normalize`.");
    public static final Setting<List<Augmentation>> AUGMENT = new Setting<>("augment", "",
            "what is done to each training image before a step: flip (half of them mirrored), crop (a 32x32 crop of"
                    + " the image padded by 4), or flip,crop (flip+crop in a sweep); none when empty or none",
            Settings::augmentations,
            Choice::keys, s -> s.hyper().augment())
            .explained("`flip` is torchvision's `RandomHorizontalFlip`, `crop` its `RandomCrop(32, padding=4)` with "
                    + "the mean image as padding (0 after the course's preprocessing); both in the order given, for "
                    + "every network, never to an image evaluated. Drawn from libtorch's generator seeded anew at "
                    + "each step, so that a resumed run draws the same.");
    public static final Setting<Integer> STEPS = new Setting<>("steps", "1500", "training steps (batches)",
            Setting.wholeNumber(), String::valueOf, s -> s.hyper().steps())
            .explained("With `-Dresume=true`, a larger value trains a finished run on.");
    public static final Setting<Integer> BATCH_SIZE = new Setting<>("batchSize", "200", "images per training step",
            Setting.wholeNumber(), String::valueOf, s -> s.hyper().batchSize());
    public static final Setting<Integer> EVAL_EVERY = new Setting<>("evalEvery", "100",
            "steps between evaluations of the whole test set (step 1 and the last step are always evaluated)",
            Setting.wholeNumber(), String::valueOf, s -> s.hyper().evalEvery());
    public static final Setting<Integer> VALIDATION = new Setting<>("validation", "0",
            "the first N training images become a validation set, evaluated at every evaluation and never trained"
                    + " on (the course's validation_size); the run keeps the network of its best validation accuracy",
            Setting.wholeNumber(), String::valueOf, s -> s.hyper().validation())
            .explained("metrics.csv gains `val_loss,val_acc`; the summary, the results table, a sweep's summary.csv "
                    + "and TensorBoard give the test accuracy at the evaluation of best validation accuracy "
                    + "(\"selected\", the first of equals) beside the final and the best. That network is kept in "
                    + "`model-selected/`, which predict and analyse take.");
    public static final Setting<Integer> EARLY_STOP = new Setting<>("earlyStop", "0",
            "with a validation set: end the run when its accuracy has not improved for N evaluations (0: never)",
            Setting.wholeNumber(), String::valueOf, s -> s.hyper().earlyStop())
            .explained("The summary then says `stoppedEarly`, the chart's title where it stopped.");
    public static final Setting<Integer> EVAL_BATCH_SIZE = new Setting<>("evalBatchSize", "1000",
            "images per forward pass when evaluating the test set", Setting.wholeNumber(), String::valueOf,
            s -> s.hyper().evalBatchSize());
    public static final Setting<Long> SEED = new Setting<>("seed", "42",
            "seeds weight initialization and the batch order (0 .. 2^31-1)",
            Setting.longNumber(), String::valueOf, s -> s.hyper().seed())
            .explained("It seeds dropout's masks and the augmentations too: the same seed on the same machine gives "
                    + "the same metrics.csv, bit for bit.");

    /** The settings of the learning-rate schedule (a setting the schedule does not read is refused as such). */
    public static final List<Setting<?>> SCHEDULE_SETTINGS = List.of(SCHEDULE, WARMUP, DECAY_EVERY, DECAY_FACTOR,
            MIN_LEARNING_RATE);
    /** How an experiment is named and placed in the report ({@link Presentation}): nothing here changes a number. */
    public static final List<Setting<?>> PRESENTATION = List.of(TITLE, FIGURE, REPORT_ACCURACY, SECTION);
    /** What an experiment trains and how ({@link Hyperparameters}). */
    public static final List<Setting<?>> TRAINING = List.of(MODEL, HIDDEN, ACTIVATION, NEG_SLOPE, DROPOUT, INIT,
            BATCH_NORM, COMPARE_BATCH_NORMS, OPTIMIZER, LEARNING_RATE, WEIGHT_DECAY, MOMENTUM, NESTEROV, SCHEDULE,
            WARMUP, DECAY_EVERY, DECAY_FACTOR, MIN_LEARNING_RATE, INPUT, AUGMENT, STEPS, BATCH_SIZE, EVAL_EVERY,
            VALIDATION, EARLY_STOP, EVAL_BATCH_SIZE, SEED);
    /**
     * The settings TensorBoard's hparams show for every run: what it trains, without how often it
     * is measured, nor section 3's list (each of its runs shows its own batchNorm).
     */
    public static final List<Setting<?>> HPARAMS = List.of(MODEL, HIDDEN, ACTIVATION, NEG_SLOPE, DROPOUT, INIT,
            BATCH_NORM, OPTIMIZER, LEARNING_RATE, WEIGHT_DECAY, MOMENTUM, NESTEROV, SCHEDULE, WARMUP, DECAY_EVERY,
            DECAY_FACTOR, MIN_LEARNING_RATE, INPUT, AUGMENT, STEPS, BATCH_SIZE, VALIDATION, EARLY_STOP, SEED);
    /** Every setting, in the order the results record them. */
    public static final List<Setting<?>> ALL = Stream.concat(PRESENTATION.stream(), TRAINING.stream()).toList();

    /** What separates the items of a list's text: a comma, or '+' where commas separate a sweep's values. */
    private static final String LIST_SEPARATOR = "[,+]";

    private Settings() {}

    /** Every setting's default, by key, in the order of {@link #ALL}. */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        ALL.forEach(setting -> defaults.put(setting.key(), setting.defaultText()));
        return Collections.unmodifiableMap(defaults);
    }

    /** The declaration of {@code key}; null when no setting has that key. */
    public static Setting<?> named(String key) {
        return ALL.stream().filter(setting -> setting.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * The settings that differ between those a run recorded and those of a run now, key by key
     * ("seed: 42 in the checkpoint, 43 now"): each declared setting compared by its typed value (so
     * that "2e-3" and "0.002" are the same learning rate), any other (the folders) by its text. A
     * setting absent on one side counts as its default there (a run recorded before the setting
     * was declared trained with what its default does); any other key as empty.
     *
     * @param mayChange keys whose difference is allowed
     */
    public static List<String> differences(Map<String, String> recorded, Map<String, String> now,
            List<String> mayChange) {
        List<String> keys = new ArrayList<>(recorded.keySet());
        now.keySet().stream().filter(k -> !recorded.containsKey(k)).forEach(keys::add);
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            Setting<?> setting = named(key);
            String absent = setting == null ? "" : setting.defaultText();
            String before = recorded.getOrDefault(key, absent);
            String after = now.getOrDefault(key, absent);
            if (!mayChange.contains(key) && !same(setting, before, after)) {
                differences.add(key + ": " + before + " in the checkpoint, " + after + " now");
            }
        }
        return differences;
    }

    /** Whether two texts of a setting give the same value (the same text, for what no setting reads or can read). */
    private static boolean same(Setting<?> setting, String before, String after) {
        if (before.equals(after) || setting == null) {
            return before.equals(after);
        }
        try {
            // null where a setting's empty text means "the network's own" (init).
            return Objects.equals(setting.read(before), setting.read(after));
        } catch (UserError e) {
            return false;
        }
    }

    /** The SGD {@code spec}'s network learns with, the hand-written MLP's too; null for Adam. */
    private static Optimizer.Sgd sgd(ExperimentSpec spec) {
        if (spec.hyper().network() instanceof Network.HandWrittenMlp mlp) {
            return mlp.sgd();
        }
        return optimizer(spec) instanceof Optimizer.Sgd sgd ? sgd : null;
    }

    /** The optimizer {@code spec}'s network learns with; null for the hand-written MLP's plain SGD. */
    private static Optimizer optimizer(ExperimentSpec spec) {
        return spec.hyper().network() instanceof Network.Optimized optimized ? optimized.optimizer() : null;
    }

    private static Setting<String> text(String key, String description,
            Function<ExperimentSpec, String> value) {
        return new Setting<>(key, "", description, (k, text) -> text, t -> t, value);
    }

    private static <E extends Enum<E> & Choice> Setting<E> choice(String key, Class<E> type, String defaultText,
            String description, Function<ExperimentSpec, E> value) {
        return new Setting<>(key, defaultText, description, (k, text) -> Choice.parse(type, k, text), Choice::key,
                value);
    }

    /** An init by its name; null (the network's own) for an empty text. */
    private static Init init(String key, String text) {
        return text.isEmpty() ? null : Choice.parse(Init.class, key, text);
    }

    /**
     * Augmentations separated by commas (or by '+', as a sweep's value, whose values commas
     * separate), each once; none for an empty text or "none".
     */
    private static List<Augmentation> augmentations(String key, String text) {
        if (text.isEmpty() || text.equals("none")) {
            return List.of();
        }
        List<Augmentation> each = Arrays.stream(text.split(LIST_SEPARATOR)).map(k -> Choice.parse(Augmentation.class,
                key, k.trim())).toList();
        if (each.stream().distinct().count() != each.size()) {
            throw Hyperparameters.bad(key, text, "each augmentation once, e.g. flip,crop");
        }
        return each;
    }

    private static List<BatchNormKind> batchNorms(String key, String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        try {
            return Arrays.stream(text.split(",")).map(k -> Choice.parse(BatchNormKind.class, key, k.trim())).toList();
        } catch (UserError e) {
            throw Hyperparameters.bad(key, text,
                    "batch norms separated by commas, from " + Choice.names(BatchNormKind.class) + " but none");
        }
    }

    /** Sizes separated by commas, or by '+' (a sweep's value). */
    private static List<Integer> sizes(String key, String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(LIST_SEPARATOR, -1)) {
            try {
                int size = Integer.parseInt(part.trim());
                if (size <= 0) {
                    throw new NumberFormatException();
                }
                sizes.add(size);
            } catch (NumberFormatException e) {
                throw Hyperparameters.bad(key, text, "must be positive layer sizes separated by commas, e.g. 1024,2048");
            }
        }
        return sizes;
    }
}
