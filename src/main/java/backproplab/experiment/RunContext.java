package backproplab.experiment;

import ai.djl.ndarray.NDManager;
import backproplab.config.ExperimentSpec;
import backproplab.config.Options;
import backproplab.data.CifarData;
import backproplab.util.UserPath;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the runs of one command share: the root NDManager, the data set (read once, kept for every
 * experiment of the command), where to print, whether runs continue from their checkpoints and
 * how often they write one, and the settings given on the command line (to write the exact
 * command beside the results).
 */
public final class RunContext implements AutoCloseable {

    private final NDManager manager;
    private final PrintStream out;
    private final Map<String, String> commandLine;
    private final boolean resume;
    private final int checkpointEvery;
    /** -1 when no layer statistics are recorded, else as {@code -DstatsEvery}. */
    private final int statsEvery;
    private final boolean tensorBoard;
    private CifarData data;
    private String dataOption;

    public RunContext(NDManager manager, PrintStream out, Options options) {
        this.manager = manager;
        this.out = out;
        this.commandLine = new LinkedHashMap<>(options.settings());
        this.resume = options.resume();
        this.checkpointEvery = options.checkpointEvery();
        this.statsEvery = options.stats() ? options.statsEvery() : -1;
        this.tensorBoard = options.tensorBoard();
    }

    /** {@code -Dresume=true}: runs continue from their checkpoints. */
    public boolean resume() {
        return resume;
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** Whether runs record the layer statistics ({@code -Dstats}, on by default). */
    public boolean recordsStats() {
        return statsEvery >= 0;
    }

    /** Whether runs write TensorBoard event files ({@code -Dtensorboard}, on by default). */
    public boolean writesTensorBoard() {
        return tensorBoard;
    }

    /** The steps between two records of the layer statistics besides the evaluations; 0 for evaluations only. */
    public int statsEvery() {
        return Math.max(statsEvery, 0);
    }

    public NDManager manager() {
        return manager;
    }

    public PrintStream out() {
        return out;
    }

    /** CIFAR-10 from the spec's data option, checked and loaded on first use. */
    public CifarData data(ExperimentSpec spec) {
        if (data == null || !spec.data().equals(dataOption)) {
            if (data != null) {
                data.close();
                data = null;
                dataOption = null;
            }
            long start = System.nanoTime();
            out.println("loading " + (spec.data().isEmpty() ? "CIFAR-10 (download)" : spec.data()) + " ...");
            data = CifarData.load(manager, spec.dataFolder());
            dataOption = spec.data();
            out.printf("loaded %d training and %d test images in %.1f s%n",
                    data.trainSize(), data.testSize(), (System.nanoTime() - start) / 1e9);
        }
        return data;
    }

    /** The command that reproduces a run of {@code id} with the options given, and {@code extra}. */
    public String command(String id, String extra) {
        String options = commandLine.entrySet().stream()
                .map(e -> " -D" + e.getKey() + "=" + shown(e.getKey(), e.getValue()))
                .collect(Collectors.joining());
        String stats = statsEvery < 0 ? " -Dstats=false" : statsEvery > 0 ? " -DstatsEvery=" + statsEvery : "";
        return "mvn -q compile exec:java -Dexp=" + id + options + stats + (tensorBoard ? "" : " -Dtensorboard=false")
                + extra;
    }

    /** Folders as results show them, so that a committed command names no machine's folders. */
    static String shown(String key, String value) {
        return (key.equals("data") || key.equals("out")) && !value.isBlank() ? UserPath.shown(UserPath.parse(value)) : value;
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }
}
