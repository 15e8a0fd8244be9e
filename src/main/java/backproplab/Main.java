package backproplab;

import ai.djl.ndarray.NDManager;
import backproplab.experiment.Experiment;
import backproplab.experiment.ExperimentCatalog;
import backproplab.experiment.ExperimentResult;
import backproplab.experiment.ExperimentSpec;
import backproplab.experiment.RunContext;
import backproplab.util.UserError;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn exec:java -Dexp=<id> [-Dkey=value ...]}: runs an experiment, or lists them with
 * {@code -Dexp=list}. Every key of {@link ExperimentSpec#DEFAULTS} can be given with -D.
 */
public final class Main {

    /** Options that are not experiment settings. */
    static final List<String> RUN_OPTIONS = List.of("exp", "bench");

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        try {
            run(options(System.getProperties()), System.out);
        } catch (UserError e) {
            System.out.flush();
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs what the options ask for.
     *
     * @param options {@code exp}, {@code bench} and experiment settings, as given with -D
     * @return one result per experiment run (none for the listing)
     */
    public static List<ExperimentResult> run(Map<String, String> options, PrintStream out) {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        String exp = options.getOrDefault("exp", "");
        if (exp.equals("list")) {
            out.println(catalog.listing());
            return List.of();
        }
        if (exp.isEmpty()) {
            throw new UserError("no experiment given: add -Dexp=<id>\n" + catalog.listing());
        }
        int bench = benchSteps(options.get("bench"));
        Map<String, String> settings = new LinkedHashMap<>(options);
        RUN_OPTIONS.forEach(settings::remove);
        ExperimentSpec spec = catalog.load(exp, settings);
        List<ExperimentResult> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                RunContext context = new RunContext(manager, out, bench, settings)) {
            results.add(Experiment.of(spec).run(spec, context));
        }
        return results;
    }

    /** The -D options this program reads, out of all system properties. */
    static Map<String, String> options(java.util.Properties properties) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (RUN_OPTIONS.contains(key) || ExperimentSpec.DEFAULTS.containsKey(key)) {
                options.put(key, properties.getProperty(key));
            }
        }
        return options;
    }

    private static int benchSteps(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int steps = Integer.parseInt(text.trim());
            if (steps > 0) {
                return steps;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("bad value bench=" + text + ": give the number of timed steps, e.g. -Dbench=300");
    }
}
