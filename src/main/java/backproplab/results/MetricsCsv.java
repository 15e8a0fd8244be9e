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
 * run keeps everything it measured.
 */
public final class MetricsCsv implements Consumer<EvalPoint>, AutoCloseable {

    public static final String HEADER = "step,train_loss,train_acc,test_loss,test_acc,elapsed_s,rss_mb";

    private final WholeAppends file;

    public MetricsCsv(Path file) throws IOException {
        this.file = WholeAppends.replace(file);
        append(HEADER);
    }

    @Override
    public void accept(EvalPoint p) {
        try {
            append(line(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one line, at once; a full disk leaves the lines before it readable. */
    private void append(String line) throws IOException {
        file.append(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    static String line(EvalPoint p) {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f",
                p.step(), p.trainLoss(), p.trainAccuracy(), p.testLoss(), p.testAccuracy(),
                p.elapsedSeconds(), p.residentMb());
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
        if (!lines.get(0).equals(HEADER)) {
            throw new IOException("line 1 is not the header " + HEADER);
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] f = line.split(",");
            try {
                if (f.length != 7) {
                    throw new NumberFormatException("7 values expected");
                }
                points.add(new EvalPoint(
                        Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])));
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
