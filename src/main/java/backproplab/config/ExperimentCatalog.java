package backproplab.config;

import backproplab.util.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** The experiments in a folder of {@code <id>.properties} files, in report order. */
public final class ExperimentCatalog {

    private final Path folder;

    public ExperimentCatalog(Path folder) {
        this.folder = folder;
    }

    /** Every experiment's file settings, sorted by report section, then figure. */
    public List<ExperimentSpec> all() {
        if (!Files.isDirectory(folder)) {
            throw new UserError(
                    "no experiments folder at " + folder.toAbsolutePath()
                            + ": run from the project's top folder");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".properties"))
                    .map(f -> load(idOf(f), Map.of()))
                    .sorted(Comparator.comparingInt((ExperimentSpec s) -> s.shown().section())
                            .thenComparing(s -> s.shown().figure())
                            .thenComparing(ExperimentSpec::id))
                    .toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** One experiment, its file's values overridden by {@code overrides}. */
    public ExperimentSpec load(String id, Map<String, String> overrides) {
        Path file = folder.resolve(id + ".properties");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || !Files.isRegularFile(file)) {
            throw new UserError("unknown experiment '" + id + "'\n" + listing());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        // Check the file on its own first, so an error names the file rather than the command line.
        ExperimentSpec.parse(id, file.toString(), values);
        values.putAll(overrides);
        ExperimentSpec spec = ExperimentSpec.parse(id, file.toString() + " with -D options", values,
                overrides.keySet());
        return spec;
    }

    /** The text of {@code -Dexp=list}: each id with the report figure it reproduces. */
    public String listing() {
        List<ExperimentSpec> all = all();
        // Columns as wide as their longest entry, so that they line up whatever the ids and labels.
        int idWidth = all.stream().mapToInt(s -> s.id().length()).max().orElse(0);
        int labelWidth = all.stream().mapToInt(s -> s.shown().reportLabel().length()).max().orElse(0);
        String row = "  %-" + idWidth + "s  %-" + labelWidth + "s  %s%n";
        StringBuilder text = new StringBuilder("experiments (run one with mvn -q compile exec:java -Dexp=<id>):\n");
        for (ExperimentSpec spec : all) {
            text.append(String.format(row, spec.id(), spec.shown().reportLabel(), spec.shown().title()));
        }
        return text.toString().stripTrailing();
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".properties".length());
    }
}
