package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.config.Mode;
import backproplab.config.Options;
import backproplab.experiment.Sweep;
import backproplab.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command README.md and docs/ give in a fenced block is one the suite takes as written: it
 * compiles first, and every check that can refuse it before training passes (known options, good
 * values, settings its experiment's network reads, each sweep point's too, a committed model or
 * image where it names one). The ones on the fixture and the committed model are run whole by
 * ExamplesTest and .ci/run.
 */
class DocsCommandsTest {

    private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    /** The script that submits a sweep to Slurm, with the suite's options after its own. */
    private static final String SUBMIT_SWEEP = "src/cluster/slurm/submit-sweep.sh";
    /** A shell variable, as the cluster recipes use them ($HOME, ${SLURM_ARRAY_TASK_ID}). */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Z_]+)}?");

    /** A command and the page that gives it. */
    record Command(Path page, String line) {
        @Override
        public String toString() {
            return page + ": " + line;
        }
    }

    @Test
    void everyCommandCompilesBeforeItRuns() throws IOException {
        List<Command> commands = commands();
        assertTrue(commands.size() >= 20, "found only " + commands);
        for (Command command : commands) {
            assertTrue(command.line().startsWith(Options.MVN + " "), "runs without compiling first: " + command);
        }
    }

    @Test
    void everyCommandPassesTheChecksBeforeTraining() throws IOException {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        List<String> refused = new ArrayList<>();
        for (Command command : commands()) {
            try {
                check(options(command.line()), catalog);
            } catch (UserError | IllegalArgumentException e) {
                refused.add(command + "\n    " + e.getMessage());
            }
        }
        assertEquals(List.of(), refused);
    }

    /** A wrong command is refused by the same checks: the test above can fail. */
    @Test
    void aWrongCommandIsRefused() {
        ExperimentCatalog catalog = new ExperimentCatalog(Path.of("experiments"));
        for (String wrong : List.of("-Dexp=mlp-djl -DlearnignRate=1e-3", "-Dexp=convnet -Dhidden=100",
                "-Dexp=mlp-djl -Dsweep.dropout=0,1.5", "-Dexp=nonesuch",
                "-Dexp=predict -Dsaved=results/nonesuch/model -Dimage=docs/examples")) {
            assertTrue(refuses(() -> check(options(Options.MVN + " " + wrong), catalog)), wrong);
        }
    }

    private static boolean refuses(Runnable check) {
        try {
            check.run();
            return false;
        } catch (UserError | IllegalArgumentException e) {
            return true;
        }
    }

    /** The checks a run makes before it trains or writes, short of reading the data. */
    private static void check(Options options, ExperimentCatalog catalog) {
        Mode mode = options.mode();
        if (mode == Mode.EXPERIMENT || mode == Mode.ALL) {
            List<String> ids = mode == Mode.ALL ? catalog.all().stream().map(ExperimentSpec::id).toList()
                    : List.of(options.exp());
            for (String id : ids) {
                catalog.load(id, options.settings());
                for (Sweep.Point point : Sweep.points(options.sweep())) {
                    Map<String, String> settings = new LinkedHashMap<>(options.settings());
                    settings.putAll(point.values());
                    catalog.load(id, settings);
                }
            }
        } else if (mode.readsSavedModel()) {
            // A model or image in the repository must be there; one the reader makes (/tmp/mine) cannot be checked.
            Stream.concat(Stream.of(options.saved()), options.images().stream().map(Path::of))
                    .filter(path -> path != null && !path.isAbsolute() && !Files.exists(path))
                    .forEach(path -> {
                        throw new UserError("no " + path + " in the repository");
                    });
        }
    }

    /** The command's options as the suite reads them from -D, shell variables given a value. */
    private static Options options(String line) {
        Properties properties = new Properties();
        for (String word : line.substring(Options.MVN.length()).trim().split("\\s+")) {
            if (!word.startsWith("-D") || !word.contains("=")) {
                throw new UserError("not an option: " + word);
            }
            Matcher variable = VARIABLE.matcher(word.substring(2));
            String value = variable.replaceAll(m -> m.group(1).equals("HOME") ? "/home/reader" : "0");
            properties.setProperty(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
        }
        return Options.of(Options.fromSystem(properties));
    }

    /**
     * Every line of a fenced block in README.md and docs/*.md that runs the suite ({@code exec:java},
     * or a sweep submitted to Slurm), continued lines joined, without a prompt's "$ " or a "# comment".
     */
    static List<Command> commands() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Command> commands = new ArrayList<>();
        for (Path page : pages) {
            Matcher block = FENCE.matcher(Files.readString(page));
            while (block.find()) {
                for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
                    String command = line.replaceFirst("^\\s*\\$ ", "").replaceFirst("\\s+#.*$", "").trim();
                    // The cluster recipe's options are the suite's, after the number of tasks.
                    command = command.replaceFirst("^" + SUBMIT_SWEEP + "( --wait)? [0-9]+ ", Options.MVN + " ");
                    if (command.startsWith("mvn") && command.contains("exec:java")) {
                        commands.add(new Command(page, command.replaceAll("\\s+", " ")));
                    }
                }
            }
        }
        return commands;
    }
}
