package backproplab.results;

import backproplab.train.EvalPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * metrics.csv, one line per evaluation, flushed as soon as it is measured so that an interrupted
 * run keeps everything it measured. A run with a validation set has two columns more, at the end,
 * so that every other column is where it always is.
 */
public final class MetricsCsv implements Consumer<EvalPoint>, AutoCloseable {

    public static final String HEADER = "step,train_loss,train_acc,test_loss,test_acc,elapsed_s,rss_mb";
    /** The header of a run with a validation set. */
    public static final String HEADER_VALIDATED = HEADER + ",val_loss,val_acc";

    private final WholeAppends file;
    private final boolean validated;

    /** @param validated whether the run evaluates a validation set (its columns are written) */
    public MetricsCsv(Path file, boolean validated) throws IOException {
        this.file = WholeAppends.replace(file);
        this.validated = validated;
        append(validated ? HEADER_VALIDATED : HEADER);
    }

    @Override
    public void accept(EvalPoint p) {
        try {
            append(line(p, validated));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one line, at once; a full disk leaves the lines before it readable. */
    private void append(String line) throws IOException {
        file.append(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    static String line(EvalPoint p, boolean validated) {
        String line = String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f",
                p.step(), p.trainLoss(), p.trainAccuracy(), p.testLoss(), p.testAccuracy(),
                p.elapsedSeconds(), p.residentMb());
        return validated ? line + String.format(Locale.ROOT, ",%.6f,%.6f", p.validationLoss(), p.validationAccuracy())
                : line;
    }

    /**
     * Reads a metrics.csv back, for report figures that combine several runs.
     *
     * @throws IOException saying why it cannot be read: the line, not the file's name
     */
    public static List<EvalPoint> read(Path file) throws IOException {
        List<EvalPoint> points = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IOException("the file is empty");
        }
        boolean validated = lines.get(0).equals(HEADER_VALIDATED);
        if (!validated && !lines.get(0).equals(HEADER)) {
            throw new IOException("line 1 is not the header " + HEADER + " (nor " + HEADER_VALIDATED + ")");
        }
        int columns = validated ? 9 : 7;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] f = line.split(",");
            try {
                if (f.length != columns) {
                    throw new NumberFormatException(columns + " values expected");
                }
                points.add(new EvalPoint(
                        Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), validated
                                ? new EvalPoint.Validation(Double.parseDouble(f[7]), Double.parseDouble(f[8])) : null));
            } catch (NumberFormatException e) {
                throw new IOException("line " + (i + 1) + ": not a metrics line: " + line);
            }
        }
        return points;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
