package backproplab.config;

import backproplab.util.UserError;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Every key a .properties file or -D may set, with its default ({@link Settings}). */
    public static final Map<String, String> DEFAULTS = Settings.defaults();

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
        v.putAll(values);
        Presentation shown = new Presentation(read(v, Settings.TITLE), read(v, Settings.FIGURE),
                read(v, Settings.REPORT_ACCURACY), read(v, Settings.SECTION));
        Hyperparameters hyper = new Hyperparameters(read(v, Settings.MODEL), read(v, Settings.HIDDEN),
                read(v, Settings.BATCH_NORM), read(v, Settings.COMPARE_BATCH_NORMS), read(v, Settings.OPTIMIZER),
                read(v, Settings.LEARNING_RATE), read(v, Settings.WEIGHT_DECAY), read(v, Settings.STEPS),
                read(v, Settings.BATCH_SIZE), read(v, Settings.EVAL_EVERY), read(v, Settings.EVAL_BATCH_SIZE),
                read(v, Settings.SEED));
        return new ExperimentSpec(id, shown, hyper);
    }

    /** {@code setting}'s value among {@code values}, read as its declaration says. */
    private static <T> T read(Map<String, String> values, Setting<T> setting) {
        return setting.read(values.get(setting.key()));
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

    /** The settings as key=value text, in the order of {@link #DEFAULTS}, each written as its declaration says. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        Settings.ALL.forEach(setting -> m.put(setting.key(), setting.writeOf(this)));
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
}
