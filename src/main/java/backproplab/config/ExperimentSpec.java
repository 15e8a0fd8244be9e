package backproplab.config;

import backproplab.util.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * Parses settings; unknown keys are errors, and so is a value other than the default for a
     * setting the experiment's network does not read.
     *
     * @param id the experiment id
     * @param where names the source of the values in error messages (a file, or "-D")
     * @param values keys and values, on top of {@link #DEFAULTS}
     */
    public static ExperimentSpec parse(String id, String where, Map<String, String> values) {
        return parse(id, where, values, Set.of());
    }

    /**
     * {@link #parse(String, String, Map)}, where the keys {@code commandLine} of {@code values}
     * came with -D: any of them the network does not read is refused, whatever its value.
     */
    static ExperimentSpec parse(String id, String where, Map<String, String> values, Set<String> commandLine) {
        for (String key : values.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                throw new UserError(where + ": unknown key '" + key + "' (known keys: "
                        + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        Map<String, String> texts = new LinkedHashMap<>(DEFAULTS);
        texts.putAll(values);
        SettingValues read = new SettingValues(texts);
        Presentation shown = new Presentation(read.get(Settings.TITLE), read.get(Settings.FIGURE),
                read.get(Settings.REPORT_ACCURACY), read.get(Settings.SECTION));
        ExperimentSpec spec = new ExperimentSpec(id, shown, Hyperparameters.read(read));
        checkRead(spec, where, values, commandLine, read.read());
        return spec;
    }

    /**
     * Refuses a setting {@code spec}'s network does not read (the ConvNet's hidden sizes, section
     * 3's batchNorm): any given with -D, and any other whose value is not the default.
     */
    private static void checkRead(ExperimentSpec spec, String where, Map<String, String> values,
            Set<String> commandLine, Set<String> read) {
        List<String> unread = commandLine.stream().filter(key -> !read.contains(key)).sorted().toList();
        if (!unread.isEmpty()) {
            throw new UserError("-D" + unread.get(0) + notRead(spec, unread.get(0)) + String.join(", ", unread));
        }
        for (Map.Entry<String, String> given : values.entrySet()) {
            Setting<?> setting = Settings.named(given.getKey());
            if (!read.contains(setting.key())
                    && !Objects.equals(setting.read(given.getValue()), setting.read(setting.defaultText()))) {
                throw new UserError(where + ": " + given.getKey() + "=" + given.getValue()
                        + notRead(spec, given.getKey()) + given.getKey());
            }
        }
    }

    /** Why {@code key} does not apply: what does not read it, the schedule or the network. */
    private static String notRead(ExperimentSpec spec, String key) {
        String what = Settings.SCHEDULE_SETTINGS.contains(Settings.named(key))
                ? "schedule (" + spec.hyper().schedule().kind().key() + ")"
                : "network (" + spec.hyper().networkShown() + ")";
        return " does not apply to experiment " + spec.id() + ": its " + what + " does not read ";
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
