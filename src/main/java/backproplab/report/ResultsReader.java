package backproplab.report;

import backproplab.diagnostics.Diagnostics;
import backproplab.results.DiagnosticsCsv;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.results.RunStatus;
import backproplab.train.EvalPoint;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what the runs in a results folder wrote, for the redraw of the report's figures and
 * table, which draw what can be read and leave out the rest. A run's files are read whole before
 * any of its figures is drawn, so that a run with a file that cannot be read keeps its figures as
 * they are. Such a file is told once per command, on the command's output: {@code warning:
 * results/mlp-numpy/metrics.csv cannot be read (line 3: not a metrics line: ...): left out of the
 * results table and figures; repair or delete it}. Only reading is forgiven here: drawing and
 * writing fail as they do.
 */
public final class ResultsReader {

    private static final String LEFT_OUT = "left out of the results table and figures";

    private final PrintStream out;
    /** The files told about already: a command may redraw the report several times (a run's start and end). */
    private final Set<Path> told = ConcurrentHashMap.newKeySet();

    /** @param out the command's output, where the warnings go */
    public ResultsReader(PrintStream out) {
        this.out = out;
    }

    /**
     * What one run wrote (an experiment's run, a seed's, a batch norm's, a sweep point's); each
     * part null when the run has none.
     *
     * @param evaluations its metrics.csv
     * @param diagnostics its diagnostics.csv
     */
    public record Run(RunFolder folder, List<EvalPoint> evaluations, Summary summary, Diagnostics diagnostics) {

        /** How the run ended; a run without a summary counts as finished (its metrics are drawn as they are). */
        public RunStatus status() {
            return summary == null ? RunStatus.finished(0) : summary.status();
        }
    }

    /**
     * An experiment's runs: its folder's, and each seed's.
     *
     * @param own its folder's files; null when one of them cannot be read
     * @param seeds the runs of the seed folders that hold a metrics.csv and could be read, in seed order
     * @param whole whether every file of the experiment could be read
     */
    public record Experiment(Run own, List<Run> seeds, boolean whole) {

        /** Each run's evaluations: each seed's, or the folder's own for a single run; none before it ran. */
        public List<List<EvalPoint>> curves() {
            if (!seeds.isEmpty()) {
                return seeds.stream().map(Run::evaluations).toList();
            }
            return own == null || own.evaluations() == null ? List.of() : List.of(own.evaluations());
        }

        /** Whether its curves can be drawn: every file read, and evaluations to draw. */
        public boolean hasCurves() {
            return whole && drawable(curves());
        }
    }

    /** Whether {@code runs} can be drawn as curves: at least one, each with an evaluation. */
    static boolean drawable(List<List<EvalPoint>> runs) {
        // A run stopped before its first evaluation has a metrics.csv of its header alone.
        return !runs.isEmpty() && runs.stream().noneMatch(List::isEmpty);
    }

    /** The files of the run in {@code folder}; empty when one of them cannot be read (each told). */
    public Optional<Run> run(RunFolder folder) {
        List<Path> unreadable = new ArrayList<>();
        // Every file is read, so that each one that cannot be is told.
        List<EvalPoint> evaluations = read(folder.metrics(), MetricsCsv::read, LEFT_OUT, unreadable);
        Summary summary = read(folder.summary(), file -> Summary.parse(Files.readString(file)), LEFT_OUT,
                unreadable);
        Diagnostics diagnostics = read(folder.diagnostics(), DiagnosticsCsv::read, LEFT_OUT, unreadable);
        return unreadable.isEmpty() ? Optional.of(new Run(folder, evaluations, summary, diagnostics)) : Optional.empty();
    }

    /** An experiment's runs in {@code folder}: its own, and each seed's (each seed folder that holds a metrics.csv). */
    public Experiment experiment(RunFolder folder) {
        List<RunFolder> seedFolders;
        try {
            seedFolders = folder.seeds().stream().filter(seed -> Files.exists(seed.metrics())).toList();
        } catch (IOException e) {
            tell(folder.path(), reason(e), LEFT_OUT);
            return new Experiment(null, List.of(), false);
        }
        List<Run> seeds = new ArrayList<>();
        boolean whole = true;
        for (RunFolder seed : seedFolders) {
            Optional<Run> run = run(seed);
            run.ifPresent(seeds::add);
            whole &= run.isPresent();
        }
        Optional<Run> own = run(folder);
        return new Experiment(own.orElse(null), seeds, whole && own.isPresent());
    }

    /** A sweep folder's sweep.json; empty when there is none, or when it cannot be read (told). */
    public Optional<SweepReport.Definition> sweep(Path folder) {
        return Optional.ofNullable(read(folder.resolve(RunLayout.SWEEP_DEFINITION), SweepReport::parseDefinition,
                "the sweep's summary.csv and sweep.png are not redrawn", new ArrayList<>()));
    }

    /**
     * The note of the user's on the data the runs used ({@value RunLayout#DATA_NOTE}: which copy of
     * CIFAR-10, how it differs from the original release, which the suite cannot tell by itself);
     * null when there is none, or when it cannot be read (told).
     */
    public String dataNote(Path results) {
        return read(results.resolve(RunLayout.DATA_NOTE), Files::readString, "left out of the results table",
                new ArrayList<>());
    }

    /** A file that reads as a {@code T}, or fails saying why. */
    @FunctionalInterface
    private interface Parser<T> {
        T read(Path file) throws IOException;
    }

    /**
     * The file read; null when there is none, or when it cannot be read: then it is told (what the
     * redraw does without it: {@code consequence}) and added to {@code unreadable}.
     */
    private <T> T read(Path file, Parser<T> parser, String consequence, List<Path> unreadable) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return parser.read(file);
        } catch (NoSuchFileException e) {
            // Gone since it was seen (a run emptying its folder): as if it had not been there.
            return null;
        } catch (IOException e) {
            tell(file, reason(e), consequence);
            unreadable.add(file);
            return null;
        }
    }

    private void tell(Path file, String why, String consequence) {
        if (told.add(file.toAbsolutePath().normalize())) {
            out.println("warning: " + UserPath.shown(file) + " cannot be read (" + why + "): " + consequence
                    + "; repair or delete it");
        }
    }

    /** Why a file cannot be read, in a few words and without its name (the warning names it). */
    private static String reason(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return UserError.firstLine(e.getMessage());
    }
}
