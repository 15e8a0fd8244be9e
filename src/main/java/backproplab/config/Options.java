package backproplab.config;

import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The command line's -D options: what to run and how, and the experiment settings on top of the
 * experiment's file (every key of {@link ExperimentSpec#DEFAULTS}).
 *
 * @param exp an experiment id, or {@code list}, {@code all}, {@code figures}, {@code predict},
 *     {@code analyse}
 * @param bench timed steps of a benchmark, or 0 to train
 * @param benchEvals {@code -DbenchEvals}: the benchmark is a whole run, evaluations included (timed
 *     apart) and no warm-up steps
 * @param seeds how many seeds to run, from the spec's seed on
 * @param resume continue from the checkpoint in the experiment's folder
 * @param checkpointEvery the fewest steps between two checkpoints
 * @param stats {@code -Dstats}: record the layer statistics (on unless {@code -Dstats=false})
 * @param statsEvery {@code -DstatsEvery}: record them every this many steps besides the evaluations; 0 for
 *     the evaluations only
 * @param tensorBoard {@code -Dtensorboard}: write TensorBoard event files (on unless {@code -Dtensorboard=false})
 * @param saved {@code -Dsaved} for {@code predict} and {@code analyse}: a saved model's folder; null when not given
 * @param images {@code -Dimage} for {@code predict}: image files or folders, comma-separated
 * @param top {@code -Dtop} for {@code predict}: how many classes to print per image
 * @param sweep {@code -Dsweep.<key>=v1,v2,...}: the settings to sweep and their values, in the
 *     order given (several keys make a grid); empty for a single run
 * @param shard {@code -Dshard=I/N}: run only the sweep's points whose index is I modulo N
 * @param settings experiment settings given with -D, in the order given
 * @param folders {@code -Ddata} and {@code -Dout}
 * @param markdownHelp {@code -Dformat=markdown}: help prints docs/options.md instead of text
 */
public record Options(String exp, int bench, boolean benchEvals, int seeds, boolean resume, int checkpointEvery, boolean stats,
        int statsEvery, boolean tensorBoard, Path saved,
        List<String> images, int top, Map<String, List<String>> sweep, Shard shard, Map<String, String> settings,
        Folders folders, boolean markdownHelp) {

    /** The prefix of a swept setting's option: {@code -Dsweep.learningRate=1e-3,2e-3}. */
    public static final String SWEEP = "sweep.";

    /** A part of a sweep's points: those whose index is {@code index} modulo {@code count}. */
    public record Shard(int index, int count) {

        public static final Shard ALL = new Shard(0, 1);

        public boolean runs(int point) {
            return point % count == index;
        }

        /** "I/N", with I from 0, as Slurm's SLURM_ARRAY_TASK_ID and a Kubernetes job's completion index count. */
        static Shard parse(String text) {
            String[] parts = text.trim().split("/", -1);
            try {
                Shard shard = new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                if (parts.length == 2 && shard.count() > 0 && shard.index() >= 0 && shard.index() < shard.count()) {
                    return shard;
                }
            } catch (RuntimeException e) {
                // reported below
            }
            throw new UserError("bad value shard=" + text + ": give I/N with 0 <= I < N, e.g. -Dshard=0/4");
        }
    }

    /** Options that are not experiment settings. */
    public static final List<String> RUN_OPTIONS = RunOption.keys();

    /**
     * Steps between checkpoints by default (what one costs against 500 steps: docs/train-resume-predict.md).
     */
    public static final int DEFAULT_CHECKPOINT_EVERY = 500;

    /**
     * Undotted properties that Maven or its usual plugins read: Maven's own, surefire's, and the
     * CI-friendly version's parts.
     */
    static final Set<String> MAVEN_PROPERTIES = Set.of("skipTests", "skipITs", "test", "skip", "offline",
            "interactiveMode", "argLine", "failIfNoTests", "trimStackTrace", "forkCount", "reuseForks", "groups",
            "excludedGroups", "revision", "changelist", "sha1");

    /**
     * A word the shell reads as it is: letters, digits and {@code _ . / , : = + @ % ~ -}, not
     * beginning with {@code ~} (the home folder there).
     */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./,:=+@%-][A-Za-z0-9_./,:=+@%~-]*");

    /** How every recorded command begins. */
    public static final String MVN = "mvn -q compile exec:java";

    public Options {
        images = List.copyOf(images);
        sweep = Collections.unmodifiableMap(new LinkedHashMap<>(sweep));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** What {@code -Dexp} asks for. */
    public Mode mode() {
        return Mode.of(exp);
    }

    /**
     * Reads options given as key-value pairs (tests, and {@link #fromSystem}): run options are
     * parsed here, everything else is an experiment setting, checked when the experiment loads.
     */
    public static Options of(Map<String, String> given) {
        String exp = given.getOrDefault("exp", "");
        Map<String, String> settings = new LinkedHashMap<>(given);
        RUN_OPTIONS.forEach(settings::remove);
        if (Mode.of(exp).readsSavedModel() && given.containsKey("model")) {
            throw new UserError("-Dmodel names the network a run trains (manual-mlp, mlp or convnet); give -Dexp=" + exp
                    + " the saved model's folder with -Dsaved=" + given.get("model"));
        }
        String saved = given.get("saved");
        // Swept keys in alphabetical order: -D options come in no fixed order, a sweep's folder must.
        Map<String, List<String>> sweep = new TreeMap<>();
        for (String key : given.keySet()) {
            if (key.startsWith(SWEEP)) {
                settings.remove(key);
                String swept = key.substring(SWEEP.length());
                List<String> values = Arrays.stream(given.get(key).split(",", -1)).map(String::trim).toList();
                if (!ExperimentSpec.DEFAULTS.containsKey(swept)) {
                    String closest = closest(swept, List.copyOf(ExperimentSpec.DEFAULTS.keySet()));
                    throw new UserError("-D" + key + ": " + swept + " is not a setting"
                            + (closest == null ? "" : "; did you mean " + SWEEP + closest + "?"));
                }
                if (values.stream().anyMatch(String::isEmpty) || values.stream().distinct().count() != values.size()) {
                    throw new UserError("bad value " + key + "=" + given.get(key)
                            + ": give different values separated by commas, e.g. -D" + SWEEP + "learningRate=1e-3,2e-3");
                }
                if (settings.containsKey(swept)) {
                    throw new UserError("-D" + swept + " and -D" + key + " both set " + swept + ": give one");
                }
                sweep.put(swept, values);
            }
        }
        String images = given.getOrDefault("image", "");
        int bench = positive(given, "bench", 0, "the number of timed steps, e.g. -Dbench=300");
        if (bool(given, "benchEvals") && bench == 0) {
            throw new UserError("-DbenchEvals=true times a benchmark's evaluations: give the steps too, e.g."
                    + " -Dbench=5000 -DbenchEvals=true");
        }
        return new Options(exp, bench, bool(given, "benchEvals"),
                positive(given, "seeds", 1, "the number of seeds to run, e.g. -Dseeds=3"),
                bool(given, "resume"),
                positive(given, "checkpointEvery", DEFAULT_CHECKPOINT_EVERY,
                        "the fewest steps between two checkpoints, e.g. -DcheckpointEvery=500"),
                !given.containsKey("stats") || bool(given, "stats"),
                positive(given, "statsEvery", 0, "the steps between two records of the layer statistics, e.g."
                        + " -DstatsEvery=50"),
                !given.containsKey("tensorboard") || bool(given, "tensorboard"),
                saved == null || saved.isBlank() ? null : UserPath.parse(saved.trim()),
                images.isBlank() ? List.of() : imageNames(images),
                positive(given, "top", 3, "how many classes to print for each image, e.g. -Dtop=3"),
                sweep,
                given.containsKey("shard") ? Shard.parse(given.get("shard")) : Shard.ALL,
                settings,
                Folders.parse(given.get("data"), given.get("out")),
                markdownHelp(given.getOrDefault("format", "text").trim()));
    }

    /**
     * The command that makes what these options make for experiment {@code id}: its settings as
     * given (in the order of {@link ExperimentSpec#DEFAULTS}), the folders as results show them (no
     * machine's folder in a committed command), what changes the files a run writes, the seeds, the
     * benchmark and the sweep; not -Dresume nor -DcheckpointEvery (the same numbers come out either
     * way) nor -Dshard (every shard of a sweep records the whole sweep's). Each option is one shell
     * word ({@link #shellWord}): the command runs as written, whatever a value holds.
     */
    public String command(String id) {
        StringBuilder command = new StringBuilder(MVN).append(option("exp", id));
        // In the order of the settings' defaults: -D options come in no fixed order, a command must.
        ExperimentSpec.DEFAULTS.keySet().stream().filter(settings::containsKey)
                .forEach(key -> command.append(option(key, settings.get(key))));
        if (folders.data() != null) {
            command.append(option("data", folders.dataShown()));
        }
        if (!folders.outShown().equals(Folders.DEFAULT_OUT)) {
            command.append(option("out", folders.outShown()));
        }
        command.append(!stats ? option("stats", false) : statsEvery > 0 ? option("statsEvery", statsEvery) : "");
        command.append(tensorBoard ? "" : option("tensorboard", false));
        command.append(seeds > 1 ? option("seeds", seeds) : "");
        command.append(bench > 0 ? option("bench", bench) : "");
        command.append(benchEvals ? option("benchEvals", true) : "");
        sweep.forEach((key, values) -> command.append(option(SWEEP + key, String.join(",", values))));
        return command.toString();
    }

    /** One option of a recorded command, {@code " -Dkey=value"}, written as the shell gives it back. */
    private static String option(String key, Object value) {
        return " " + shellWord("-D" + key + "=" + value);
    }

    /**
     * {@code word} written so that a POSIX shell reads it back as this one word: as it is when
     * every character is one the shell takes literally (so the commands of plain settings and
     * folders read as typed), else in single quotes, a quote in it written {@code '\''}.
     */
    public static String shellWord(String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The settings a run of {@code spec} records (summary.json, a checkpoint, a saved model): the
     * experiment's, and the folders as results show them.
     */
    public RecordedSettings recorded(ExperimentSpec spec) {
        return new RecordedSettings(spec, folders.dataShown(), folders.outShown());
    }

    /**
     * The command that makes point {@code index} of a sweep of {@code count} points alone, in
     * place: the sweep's, as the shard of one point (the other points' folders are left as they are).
     */
    public String pointCommand(String id, int index, int count) {
        return command(id) + (count > 1 ? option("shard", index + "/" + count) : "");
    }

    /**
     * The -D options this program reads, out of all system properties. Any other property whose
     * name could be one of the suite's ends the run, naming the options (or the option it is two
     * edits or fewer from: a typo), rather than training with the default it meant to replace.
     * The properties of Java, Maven and the libraries are left alone ({@link #othersOwn}).
     */
    public static Map<String, String> fromSystem(Properties properties) {
        List<String> known = known();
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (known.contains(key) || key.startsWith(SWEEP)) {
                options.put(key, properties.getProperty(key));
            } else if (!othersOwn(key)) {
                String closest = closest(key, known);
                throw new UserError("unknown option " + key + (closest != null ? "; did you mean " + closest + "?"
                        : "; the options are " + String.join(", ", known) + " and " + SWEEP + "<key>=A,B,..."
                                + " (docs/options.md)"));
            }
        }
        return options;
    }

    /**
     * Whether a system property belongs to Java, Maven or a library, not to the suite: a dotted
     * name ({@code java.*}, {@code user.*}, {@code maven.*}, {@code ai.djl.*}, ...; the suite's only
     * dotted options are {@code sweep.<key>}), an environment-style one ({@code DJL_CACHE_DIR},
     * {@code PYTORCH_LIBRARY_PATH}: DJL reads those from system properties too), or one that Maven
     * or its plugins read ({@code mvn -DskipTests}), which exec:java leaves in the JVM it runs the
     * suite in. Checked before the typo test: {@code sha1} is two edits from {@code shard}.
     */
    static boolean othersOwn(String key) {
        return key.contains(".") || key.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+") || MAVEN_PROPERTIES.contains(key);
    }

    /** Every option's name. */
    static List<String> known() {
        List<String> known = new ArrayList<>(RUN_OPTIONS);
        known.addAll(ExperimentSpec.DEFAULTS.keySet());
        return known;
    }

    /**
     * {@code -Dimage}'s names. An empty one (",a.png", "a.png,,b.png", "a.png,") is refused: it
     * would stand for the working folder and predict every image in it.
     */
    private static List<String> imageNames(String text) {
        List<String> names = Arrays.stream(text.split(",", -1)).map(String::trim).toList();
        if (names.contains("")) {
            throw new UserError("bad value image=" + text + ": a name between commas is empty; give files or"
                    + " folders separated by commas, e.g. -Dimage=cat.png,ship.jpg or -Dimage=photos");
        }
        return names;
    }

    /** Whether -Dformat asks help for Markdown; a UserError for neither text nor markdown. */
    private static boolean markdownHelp(String format) {
        if (!format.equals("text") && !format.equals("markdown")) {
            throw new UserError("bad value format=" + format + ": give text or markdown");
        }
        return format.equals("markdown");
    }

    private static boolean bool(Map<String, String> options, String key) {
        return Setting.trueOrFalse().read(key, options.getOrDefault(key, "false").trim());
    }

    /** The known name within two edits of {@code key}, the closest first; null when none is. */
    static String closest(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String name : known) {
            int distance = editDistance(key.toLowerCase(), name.toLowerCase());
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static int positive(Map<String, String> options, String key, int absent, String hint) {
        String text = options.get(key);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("bad value " + key + "=" + text + ": give " + hint);
    }
}
