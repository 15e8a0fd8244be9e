package backproplab.experiment;

import ai.djl.ndarray.NDManager;
import backproplab.config.Folders;
import backproplab.config.Options;
import backproplab.data.CifarData;
import backproplab.report.ResultsReader;
import java.io.PrintStream;

/**
 * What the runs of one command share: the root NDManager, where to print, the options given (how
 * runs record and checkpoint, and their folders), the data set, read once for every experiment
 * of the command, and the reader of the results folder that the report's redraws share.
 */
public final class RunContext implements AutoCloseable {

    private final NDManager manager;
    private final PrintStream out;
    private final Options options;
    private final ResultsReader resultsReader;
    private CifarData data;

    public RunContext(NDManager manager, PrintStream out, Options options) {
        this.manager = manager;
        this.out = out;
        this.options = options;
        this.resultsReader = new ResultsReader(out);
    }

    public Options options() {
        return options;
    }

    public Folders folders() {
        return options.folders();
    }

    public NDManager manager() {
        return manager;
    }

    public PrintStream out() {
        return out;
    }

    /** What the redraws of the report read of the results folder: one for the command, so that each damaged file is told once. */
    public ResultsReader resultsReader() {
        return resultsReader;
    }

    /** CIFAR-10 from -Ddata (or the download), checked and loaded on first use. */
    public CifarData data() {
        if (data == null) {
            data = CifarData.load(manager, folders().data(), folders().dataShown(), out);
        }
        return data;
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }
}
