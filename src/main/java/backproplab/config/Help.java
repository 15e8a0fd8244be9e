package backproplab.config;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code -Dexp=help}: every command and option with its default and what it does, from their
 * declarations ({@link Mode}, {@link RunOption}, {@link Settings}), grouped; as text, or as the
 * Markdown of docs/options.md ({@code -Dformat=markdown}), which a test keeps equal to it.
 */
public final class Help {

    /** The command that writes docs/options.md anew. */
    public static final String PAGE_COMMAND = Options.MVN + " -Dexp=help -Dformat=markdown > docs/options.md";

    private static final List<Mode> COMMANDS = Arrays.stream(Mode.values()).toList();

    private static final String PAGE_HEAD = """
            # Options

            Every option is `-Dkey=value` after `mvn -q compile exec:java`: `-Dexp` says what to run, the
            options of the second table how it runs and what it records, the settings of the third what
            an experiment trains. Every row comes from the option's declaration in
            `src/main/java/backproplab/config` (`Mode`, `RunOption`, `Settings`):
            `mvn -q compile exec:java -Dexp=help` prints the same in short, and
            `%s` writes this page.
            """.formatted(PAGE_COMMAND);

    private static final String TRAINING_HEAD = """

            ## What an experiment trains

            The default below, unless `experiments/<id>.properties` sets it; `-Dkey=value` overrides both.
            A setting the experiment's network does not read is refused (`-Dhidden` for the ConvNet).

            | setting | default | what it does |
            |---|---|---|
            """;

    private static final String SWEEP = """

            `-Dsweep.<key>=A,B,...` trains every value of a setting, each into its own folder (several
            keys: every combination); in a sweep's value, a list's items are joined by `+`
            (`-Dsweep.hidden=1024+1024,2048`). See [Sweeps](sweeps.md).
            """;

    private static final String BAD_OPTIONS = """

            ## A bad option

            A bad value ends the run before training with one line naming the key and the value, for
            example `error: bad value steps=0: must be at least 1`; so does a mistyped option
            (`error: unknown option learnignRate; did you mean learningRate?`), any other name that is not
            an option (`error: unknown option epochs; the options are exp, bench, ...`) and a setting the
            experiment's network does not read (`-Dhidden` for the ConvNet, `-DnegSlope` for any
            activation but LeakyReLU: `error: -DnegSlope does not apply to experiment mlp-djl: its network
            (mlp, activation=relu, optimizer=sgd) does not read negSlope`). Properties of Java, Maven and
            DJL pass: dotted names (`-Dstyle.color`, `-Dai.djl.offline`; the suite's only dotted options
            are `sweep.<key>`), environment-style ones (`-DDJL_CACHE_DIR`), and Maven's own undotted ones
            (`-DskipTests`, `-Dtest`, `-Dskip`, `-Doffline`, `-DinteractiveMode`, ...; the list is
            `Options.MAVEN_PROPERTIES`).
            """;

    private Help() {}

    /** The whole text, ready to print. */
    public static String text() {
        StringBuilder text = new StringBuilder(Options.MVN + " -Dexp=<id> [-Dkey=value ...]\n");
        text.append("\nwhat to run (-Dexp=...):\n");
        table(text, COMMANDS, List.of(Mode::usage, Mode::description));
        text.append("\nhow it runs and records (-Dkey=value):\n");
        table(text, RunOption.ALL, List.of(RunOption::key, RunOption::defaultShown, RunOption::description));
        text.append("\nwhat an experiment trains (the default below, unless experiments/<id>.properties sets it):\n");
        table(text, Settings.TRAINING, List.of(Setting::key, Help::shownDefault, Setting::description));
        text.append("\nhow an experiment is named in the report (no number changes):\n");
        table(text, Settings.PRESENTATION, List.of(Setting::key, Help::shownDefault, Setting::description));
        text.append("\n-D").append(Options.SWEEP).append("<key>=A,B,...  trains every value of a setting (several keys:"
                + " every combination)\n");
        return text.toString();
    }

    /** docs/options.md: the same, each entry with its details, as Markdown. */
    public static String markdown() {
        StringBuilder page = new StringBuilder(PAGE_HEAD);
        page.append("\n## What to run: `-Dexp`\n\n| command | what it does |\n|---|---|\n");
        for (Mode mode : COMMANDS) {
            row(page, "-Dexp=" + mode.usage(), null, mode.description(), mode.details());
        }
        page.append("\n## How it runs and records\n\n| option | default | what it does |\n|---|---|---|\n");
        RunOption.ALL.forEach(option -> row(page, "-D" + option.key(), option.defaultShown(), option.description(),
                option.details()));
        page.append(TRAINING_HEAD);
        Settings.TRAINING.forEach(setting -> settingRow(page, setting));
        page.append(SWEEP);
        page.append("\n## How an experiment is named (no number changes)\n\n| setting | default | what it does |\n"
                + "|---|---|---|\n");
        Settings.PRESENTATION.forEach(setting -> settingRow(page, setting));
        return page.append(BAD_OPTIONS).toString();
    }

    private static void settingRow(StringBuilder page, Setting<?> setting) {
        row(page, "-D" + setting.key(), shownDefault(setting), setting.description(), setting.details());
    }

    /** A table row; the default in code type unless it is words ("evaluations only", "(none)"). */
    private static void row(StringBuilder page, String key, String defaultShown, String description, String details) {
        page.append("| `").append(key).append("` | ");
        if (defaultShown != null) {
            boolean words = defaultShown.startsWith("(") || defaultShown.contains(" ");
            page.append(words ? defaultShown : "`" + defaultShown + "`").append(" | ");
        }
        // The description is plain text: what Markdown would read as HTML or as a cell's end is escaped.
        String plain = description.replace("<", "&lt;").replace(">", "&gt;");
        String cell = details.isEmpty() ? plain : plain + ". " + details;
        page.append(cell.replace("|", "\\|")).append(" |\n");
    }

    private static String shownDefault(Setting<?> setting) {
        return setting.defaultText().isEmpty() ? "(none)" : setting.defaultText();
    }

    /** One row per entry, each column but the last as wide as its longest. */
    private static <T> void table(StringBuilder text, List<T> entries, List<Function<T, String>> columns) {
        StringBuilder row = new StringBuilder(" ");
        for (Function<T, String> column : columns.subList(0, columns.size() - 1)) {
            int width = entries.stream().mapToInt(e -> column.apply(e).length()).max().orElse(0);
            row.append(" %-").append(width).append("s ");
        }
        row.append(" %s%n");
        for (T entry : entries) {
            text.append(String.format(row.toString(), columns.stream().map(c -> c.apply(entry)).toArray()));
        }
    }
}
