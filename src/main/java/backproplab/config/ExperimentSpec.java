package backproplab.config;

import backproplab.util.UserError;
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
 * One experiment: {@code experiments/<id>.properties} with {@code -Dkey=value} on top, parsed once
 * ({@link #parse}) into how it is presented and what it trains. Defaults live in {@link #DEFAULTS};
 * every error names the key and the value.
 *
 * @param id the experiment's id, the name of its .properties file (a sweep's point, a seed or a
 *     batch norm of section 3 has its own, made from it)
 * @param shown its title and place in the report
 * @param hyper what it trains, and how
 */
public record ExperimentSpec(String id, Presentation shown, Hyperparameters hyper) {

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
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /** The keys of a saved run's settings that are not the experiment's (its name, its folders). */
    static final List<String> NOT_SETTINGS = List.of("name", "data", "out");

    public ExperimentSpec {
        // '=' and ',' name a sweep's points: "mlp-djl,learningRate=1e-3".
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._=,+-]*")) {
            throw new UserError("bad value id=" + id + ": use letters, digits, '.', '_' and '-'");
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
                throw new UserError(where + ": unknown key '" + key + "' (known keys: "
                        + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        values.forEach((k, value) -> v.put(k, value.trim()));
        Presentation shown = new Presentation(v.get("title"), v.get("figure"), v.get("reportAccuracy"),
                parseNumber(v, "section", Integer::parseInt, "must be a whole number"));
        Hyperparameters hyper = new Hyperparameters(
                Choice.parse(Network.class, "model", v.get("model")),
                parseSizes(v, "hidden"),
                Choice.parse(BatchNormKind.class, "batchNorm", v.get("batchNorm")),
                parseBatchNorms(v, "compareBatchNorms"),
                Choice.parse(Optimizer.class, "optimizer", v.get("optimizer")),
                parseNumber(v, "learningRate", Double::parseDouble, "must be a number such as 2e-3"),
                parseNumber(v, "weightDecay", Double::parseDouble, "must be a number such as 2e-3"),
                parseNumber(v, "steps", Integer::parseInt, "must be a whole number"),
                parseNumber(v, "batchSize", Integer::parseInt, "must be a whole number"),
                parseNumber(v, "evalEvery", Integer::parseInt, "must be a whole number"),
                parseNumber(v, "evalBatchSize", Integer::parseInt, "must be a whole number"),
                parseNumber(v, "seed", Long::parseLong, "must be a whole number"));
        return new ExperimentSpec(id, shown, hyper);
    }

    /**
     * The experiment a saved run's settings describe (a saved model's spec.json, say): its name,
     * else {@code saved}; its folders are the run's, not the experiment's, and left out.
     */
    public static ExperimentSpec ofSaved(String where, Map<String, String> saved) {
        Map<String, String> values = new LinkedHashMap<>(saved);
        NOT_SETTINGS.forEach(values::remove);
        String name = saved.get("name");
        return parse(name == null ? "saved" : name, where, values);
    }

    /** The settings as key=value text, in the order of {@link #DEFAULTS}. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", shown.title());
        m.put("figure", shown.figure());
        m.put("reportAccuracy", shown.reportAccuracy());
        m.put("section", Integer.toString(shown.section()));
        m.put("model", hyper.model().key());
        m.put("hidden", String.join(",", hyper.hidden().stream().map(String::valueOf).toList()));
        m.put("batchNorm", hyper.batchNorm().key());
        m.put("compareBatchNorms", Hyperparameters.names(hyper.compareBatchNorms()));
        m.put("optimizer", hyper.optimizer().key());
        m.put("learningRate", Double.toString(hyper.learningRate()));
        m.put("weightDecay", Double.toString(hyper.weightDecay()));
        m.put("steps", Integer.toString(hyper.steps()));
        m.put("batchSize", Integer.toString(hyper.batchSize()));
        m.put("evalEvery", Integer.toString(hyper.evalEvery()));
        m.put("evalBatchSize", Integer.toString(hyper.evalBatchSize()));
        m.put("seed", Long.toString(hyper.seed()));
        return m;
    }

    /**
     * The settings among {@code keys} that this experiment's network does not read: the ConvNet
     * has no hidden sizes, the section-3 comparison takes its batch norms from compareBatchNorms.
     */
    public List<String> unused(Set<String> keys) {
        Set<String> modelSpecific = new HashSet<>();
        for (Network network : Network.values()) {
            modelSpecific.addAll(network.reads());
        }
        Set<String> read = new HashSet<>(hyper.model().reads());
        if (hyper.comparesBatchNorms()) {
            read.remove("batchNorm");
        }
        return keys.stream().filter(k -> modelSpecific.contains(k) && !read.contains(k)).sorted().toList();
    }

    /** The same experiment under another id (a sweep's point). */
    public ExperimentSpec withId(String newId) {
        return new ExperimentSpec(newId, shown, hyper);
    }

    /** The same experiment from another seed (one of {@code -Dseeds}). */
    public ExperimentSpec withSeed(long seed) {
        return new ExperimentSpec(id, shown, hyper.withSeed(seed));
    }

    /**
     * Section 3's experiment with one of its batch norms: a run of its own, {@code <id>-<batch norm>}
     * (its folder's name: made here alone).
     */
    public ExperimentSpec withBatchNorm(BatchNormKind kind) {
        return new ExperimentSpec(id + "-" + kind.key(), shown, hyper.withBatchNorm(kind));
    }

    /** Section 3's runs, one per batch norm it compares ({@link #withBatchNorm}); none for another experiment. */
    public List<ExperimentSpec> batchNormRuns() {
        return hyper.compareBatchNorms().stream().map(this::withBatchNorm).toList();
    }

    private static <T> T parseNumber(Map<String, String> v, String key, Function<String, T> parser, String why) {
        String text = v.get(key);
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            throw Hyperparameters.bad(key, text, why);
        }
    }

    private static List<BatchNormKind> parseBatchNorms(Map<String, String> v, String key) {
        String text = v.get(key).trim();
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
                throw Hyperparameters.bad(key, text, "must be positive layer sizes separated by commas, e.g. 1024,2048");
            }
        }
        return sizes;
    }
}
