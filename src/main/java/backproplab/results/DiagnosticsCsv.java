package backproplab.results;

import backproplab.diagnostics.ActivationStats;
import backproplab.diagnostics.Diagnostics;
import backproplab.diagnostics.ParameterStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * diagnostics.csv: a row per layer per recorded step, each step's weight layers first, then its
 * ReLUs, input side first; a cell that does not apply to the row's kind of layer is empty.
 */
public final class DiagnosticsCsv {

    public static final String HEADER = "step,layer,weight_norm,weight_std,grad_norm,grad_std,update_ratio,"
            + "act_mean,act_std,zero_fraction,dead_fraction";
    private static final int COLUMNS = 11;

    private DiagnosticsCsv() {}

    /** The file's text. */
    public static String text(Diagnostics diagnostics) {
        // Each step's lines in one pass over the rows (a run recording every step has thousands of steps).
        Map<Integer, StringBuilder> weights = new TreeMap<>();
        Map<Integer, StringBuilder> relus = new TreeMap<>();
        for (ParameterStats p : diagnostics.parameters()) {
            weights.computeIfAbsent(p.step(), s -> new StringBuilder()).append(String.format(Locale.ROOT,
                    "%d,%s,%.6e,%.6e,%.6e,%.6e,%.6e,,,,%n", p.step(), p.layer(), p.weightNorm(), p.weightStd(),
                    p.gradientNorm(), p.gradientStd(), p.updateRatio()));
        }
        for (ActivationStats a : diagnostics.activations()) {
            relus.computeIfAbsent(a.step(), s -> new StringBuilder()).append(String.format(Locale.ROOT,
                    "%d,%s,,,,,,%.6e,%.6e,%.6f,%.6f%n", a.step(), a.layer(), a.mean(), a.std(), a.zeroFraction(),
                    a.deadFraction()));
        }
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (int step : diagnostics.steps()) {
            out.append(weights.getOrDefault(step, new StringBuilder())).append(relus.getOrDefault(step,
                    new StringBuilder()));
        }
        return out.toString();
    }

    public static void write(Path file, Diagnostics diagnostics) throws IOException {
        AtomicFiles.write(file, text(diagnostics).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a diagnostics.csv back, for the figures that compare runs.
     *
     * @throws IOException saying why it cannot be read: the line, not the file's name
     */
    public static Diagnostics read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IOException("the file is empty");
        }
        if (!lines.get(0).equals(HEADER)) {
            throw new IOException("line 1 is not the header " + HEADER);
        }
        List<ParameterStats> parameters = new ArrayList<>();
        List<ActivationStats> activations = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != COLUMNS) {
                    throw new NumberFormatException(COLUMNS + " values expected");
                }
                int step = Integer.parseInt(f[0]);
                if (!f[2].isEmpty()) {
                    parameters.add(new ParameterStats(step, f[1], number(f[2]), number(f[3]), number(f[4]),
                            number(f[5]), number(f[6])));
                } else {
                    activations.add(new ActivationStats(step, f[1], number(f[7]), number(f[8]), number(f[9]),
                            number(f[10])));
                }
            } catch (NumberFormatException e) {
                throw new IOException("line " + (i + 1) + ": not a diagnostics line: " + lines.get(i));
            }
        }
        return new Diagnostics(parameters, activations);
    }

    private static double number(String text) {
        return Double.parseDouble(text);
    }
}
