package backproplab.config;

import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One experiment's settings: {@code experiments/<id>.properties} with {@code -Dkey=value} on top.
 * Defaults live in {@link #DEFAULTS}, every value is parsed in {@link #parse} and checked in the
 * constructor; every error names the key and the value.
 *
 * @param id the experiment's id, the name of its .properties file
 * @param title what the experiment is, for listings and chart titles
 * @param figure the report section and figure it reproduces, e.g. "2, Fig. 3"
 * @param section the report section (1-4), for ordering and titles
 * @param model the network: {@code manual-mlp} (section 1's hand-written MLP), {@code mlp} or
 *     {@code convnet}
 * @param hidden hidden layer sizes of the MLPs
 * @param batchNorm {@code none}, {@code builtin}, {@code autograd} or {@code manual}
 * @param compareBatchNorms section 3: train the MLP once with each of these batch norms and
 *     compare them (empty: train once, with {@code batchNorm})
 * @param optimizer {@code sgd} or {@code adam}
 * @param learningRate the optimizer's learning rate
 * @param weightDecay L2 weight decay added to the gradient (PyTorch's {@code weight_decay})
 * @param steps training steps (batches)
 * @param batchSize images per training step
 * @param evalEvery steps between evaluations (step 1 and the last step are always evaluated)
 * @param evalBatchSize images per forward pass when evaluating the test set
 * @param seed seeds weight initialization and the batch order
 * @param data a local CIFAR-10 folder, or empty to download
 * @param out the folder results go to ({@code <out>/<id>/...})
 */
public record ExperimentSpec(
        String id,
        String title,
        String figure,
        String reportAccuracy,
        int section,
        String model,
        List<Integer> hidden,
        String batchNorm,
        List<String> compareBatchNorms,
        String optimizer,
        double learningRate,
        double weightDecay,
        int steps,
        int batchSize,
        int evalEvery,
        int evalBatchSize,
        long seed,
        String data,
        String out) {

    /** Every key a .properties file or -D may set, with its default. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("title", "");
        d.put("figure", "");
        d.put("reportAccuracy", "");
        d.put("section", "2");
        d.put("model", "mlp");
        d.put("hidden", "100");
        d.put("batchNorm", "none");
        d.put("compareBatchNorms", "");
        d.put("optimizer", "sgd");
        d.put("learningRate", "2e-3");
        d.put("weightDecay", "0");
        d.put("steps", "1500");
        d.put("batchSize", "200");
        d.put("evalEvery", "100");
        d.put("evalBatchSize", "1000");
        d.put("seed", "42");
        d.put("data", "");
        d.put("out", "results");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /** The settings each network reads, besides those every run reads (steps, batchSize, ...). */
    static final Map<String, Set<String>> MODEL_KEYS = Map.of(
            "manual-mlp", Set.of("hidden", "learningRate"),
            "mlp", Set.of("hidden", "batchNorm", "compareBatchNorms", "optimizer", "learningRate", "weightDecay"),
            "convnet", Set.of("optimizer", "learningRate", "weightDecay"));
    static final Set<String> MODELS = MODEL_KEYS.keySet();
    static final Set<String> BATCH_NORMS = Set.of("none", "builtin", "autograd", "manual");
    static final Set<String> OPTIMIZERS = Set.of("sgd", "adam");

    public ExperimentSpec {
        hidden = List.copyOf(hidden);
        compareBatchNorms = List.copyOf(compareBatchNorms);
        // '=' and ',' name a sweep's points: "mlp-djl,learningRate=1e-3".
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._=,+-]*")) {
            throw bad("id", id, "use letters, digits, '.', '_' and '-'");
        }
        if (section < 1 || section > 4) {
            throw bad("section", section, "the report has sections 1 to 4");
        }
        if (!MODELS.contains(model)) {
            throw bad("model", model, "one of " + sorted(MODELS));
        }
        if (!BATCH_NORMS.contains(batchNorm)) {
            throw bad("batchNorm", batchNorm, "one of " + sorted(BATCH_NORMS));
        }
        for (String kind : compareBatchNorms) {
            if (kind.equals("none") || !BATCH_NORMS.contains(kind)) {
                throw bad("compareBatchNorms", String.join(",", compareBatchNorms),
                        "batch norms separated by commas, from " + sorted(BATCH_NORMS) + " but none");
            }
        }
        // Section 3 compares the hand-written backward with autograd's: both must be there.
        if (!compareBatchNorms.isEmpty() && !compareBatchNorms.containsAll(List.of("autograd", "manual"))) {
            throw bad("compareBatchNorms", String.join(",", compareBatchNorms), "must include autograd and manual");
        }
        if (!OPTIMIZERS.contains(optimizer)) {
            throw bad("optimizer", optimizer, "one of " + sorted(OPTIMIZERS));
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw bad("learningRate", learningRate, "must be a positive finite number");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw bad("weightDecay", weightDecay, "must be zero or a positive finite number");
        }
        if (steps <= 0) {
            throw bad("steps", steps, "must be at least 1");
        }
        if (batchSize <= 0) {
            throw bad("batchSize", batchSize, "must be at least 1");
        }
        if (evalEvery <= 0) {
            throw bad("evalEvery", evalEvery, "must be at least 1");
        }
        if (evalBatchSize <= 0) {
            throw bad("evalBatchSize", evalBatchSize, "must be at least 1");
        }
        // DJL's engine seed is an int.
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            throw bad("seed", seed, "must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        // The hand-written MLP has no optimizer, weight decay or batch norm to choose (section 1).
        if (model.equals("manual-mlp") && !(optimizer.equals("sgd") && weightDecay == 0 && batchNorm.equals("none"))) {
            throw bad("model", model, "the hand-written MLP trains with plain SGD only (optimizer=sgd,"
                    + " weightDecay=0, batchNorm=none), got optimizer=" + optimizer + ", weightDecay=" + weightDecay
                    + ", batchNorm=" + batchNorm);
        }
        if (out == null || out.isBlank()) {
            throw bad("out", out, "name a folder for the results");
        }
        if (data == null) {
            data = "";
        }
    }

    /**
     * Parses settings; unknown keys are errors.
     *
     * @param id the experiment id
     * @param where names the source of the values in error messages (a file, or "-D")
     * @param values keys and values, on top of {@link #DEFAULTS}
     */
    public static ExperimentSpec parse(String id, String where, Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                throw new UserError(
                        where + ": unknown key '" + key + "' (known keys: "
                                + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        values.forEach((k, value) -> v.put(k, value.trim()));
        return new ExperimentSpec(
                id,
                v.get("title"),
                v.get("figure"),
                v.get("reportAccuracy"),
                parseInt(v, "section"),
                v.get("model"),
                parseSizes(v, "hidden"),
                v.get("batchNorm"),
                parseList(v, "compareBatchNorms"),
                v.get("optimizer"),
                parseDouble(v, "learningRate"),
                parseDouble(v, "weightDecay"),
                parseInt(v, "steps"),
                parseInt(v, "batchSize"),
                parseInt(v, "evalEvery"),
                parseInt(v, "evalBatchSize"),
                parseLong(v, "seed"),
                v.get("data"),
                v.get("out"));
    }

    /** The settings as key=value text, in the order of {@link #DEFAULTS}: what a run saves. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("figure", figure);
        m.put("reportAccuracy", reportAccuracy);
        m.put("section", Integer.toString(section));
        m.put("model", model);
        m.put("hidden", String.join(",", hidden.stream().map(String::valueOf).toList()));
        m.put("batchNorm", batchNorm);
        m.put("compareBatchNorms", String.join(",", compareBatchNorms));
        m.put("optimizer", optimizer);
        m.put("learningRate", Double.toString(learningRate));
        m.put("weightDecay", Double.toString(weightDecay));
        m.put("steps", Integer.toString(steps));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("evalEvery", Integer.toString(evalEvery));
        m.put("evalBatchSize", Integer.toString(evalBatchSize));
        m.put("seed", Long.toString(seed));
        m.put("data", data);
        m.put("out", out);
        return m;
    }

    /**
     * The settings among {@code keys} that this experiment's network does not read: the ConvNet
     * has no hidden sizes, the section-3 comparison takes its batch norms from compareBatchNorms.
     */
    public List<String> unused(Set<String> keys) {
        Set<String> modelSpecific = new HashSet<>();
        MODEL_KEYS.values().forEach(modelSpecific::addAll);
        Set<String> read = new HashSet<>(MODEL_KEYS.get(model));
        if (!compareBatchNorms.isEmpty()) {
            read.remove("batchNorm");
        }
        return keys.stream().filter(k -> modelSpecific.contains(k) && !read.contains(k)).sorted().toList();
    }

    /** The results folder ({@code ~/} is the user's home). */
    public Path outFolder() {
        return UserPath.parse(out);
    }

    /** The local CIFAR-10 folder, or null to download. */
    public Path dataFolder() {
        return data.isEmpty() ? null : UserPath.parse(data);
    }

    /** Where the report has this experiment, as every title and listing says it: "section 2, Fig. 3". */
    public String reportLabel() {
        return "section " + figure;
    }

    /** The same settings under another id (a sweep's point). */
    public ExperimentSpec renamed(String newId) {
        return parse(newId, "-D", asMap());
    }

    /** A copy with some values replaced, checked like the original. */
    public ExperimentSpec with(Map<String, String> changes) {
        Map<String, String> m = asMap();
        m.putAll(changes);
        return parse(id, "-D", m);
    }

    private static int parseInt(Map<String, String> v, String key) {
        return parseNumber(v, key, Integer::parseInt, "must be a whole number");
    }

    private static long parseLong(Map<String, String> v, String key) {
        return parseNumber(v, key, Long::parseLong, "must be a whole number");
    }

    private static double parseDouble(Map<String, String> v, String key) {
        return parseNumber(v, key, Double::parseDouble, "must be a number such as 2e-3");
    }

    private static <T> T parseNumber(Map<String, String> v, String key, Function<String, T> parser, String why) {
        String text = v.get(key);
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            throw bad(key, text, why);
        }
    }

    private static List<String> parseList(Map<String, String> v, String key) {
        String text = v.get(key).trim();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
    }

    private static List<Integer> parseSizes(Map<String, String> v, String key) {
        String text = v.get(key);
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                int size = Integer.parseInt(part.trim());
                if (size <= 0) {
                    throw new NumberFormatException();
                }
                sizes.add(size);
            } catch (NumberFormatException e) {
                throw bad(key, text, "must be positive layer sizes separated by commas, e.g. 1024,2048");
            }
        }
        return sizes;
    }

    private static UserError bad(String key, Object value, String why) {
        return new UserError("bad value " + key + "=" + value + ": " + why);
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
