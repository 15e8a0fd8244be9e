package backproplab.results;

import backproplab.util.HaltPoint;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every file and folder name a run writes, what the suite owns, and the only code that deletes.
 *
 * <p>A results folder ({@code -Dout}) is the suite's when it holds the marker file
 * {@value #MARKER}; the suite marks a folder it creates, or one that is empty when a run first
 * writes into it, and refuses to write into any other. Inside it, the suite writes, overwrites
 * and deletes only the entries its layout names for that kind of folder (a run folder's
 * metrics.csv, summary.json, model/, seed-42/, ...): a file of the user's with any other name
 * stays where it is, byte for byte, and a folder that still holds one is not removed. No
 * symbolic link is followed: a link where the layout puts a file or folder ends the run before
 * anything is written.
 */
public final class RunLayout {

    /** The file that makes a results folder the suite's. */
    public static final String MARKER = ".backprop-lab";
    static final String MARKER_TEXT = """
            backprop-lab results folder.
            Runs of backprop-lab write into a folder only when it holds this file, and there they overwrite and
            delete only the files and folders their layout names (the project's docs/run-folder.md).
            """;

    // A results folder.
    public static final String RESULTS_TABLE = "README.md";
    public static final String FIGURES = "figures";
    public static final String BENCH = "bench";
    /** A note of the user's on the data the runs used; read, never written. */
    public static final String DATA_NOTE = "DATA.md";

    // A run's folder (also a seed's, a sweep point's, a batch norm's of section 3).
    public static final String METRICS = "metrics.csv";
    public static final String METRICS_PARTIAL = "metrics.csv.partial";
    public static final String SUMMARY = "summary.json";
    public static final String CURVES = "curves.png";
    public static final String CONFUSION = "confusion.png";
    public static final String PREDICTIONS = "predictions.png";
    public static final String ANALYSIS = "analysis.json";
    /** The layer statistics, a row per layer per recorded step, and their figure. */
    public static final String DIAGNOSTICS = "diagnostics.csv";
    public static final String DIAGNOSTICS_FIGURE = "diagnostics.png";
    /** The first layer's weights as pictures. */
    public static final String WEIGHTS = "weights.png";
    /**
     * An event file's name, in the run's own folder (so that TensorBoard names the run by its
     * folder): TensorBoard reads the files whose names hold "tfevents", in name order.
     */
    public static final String EVENT_FILE = "events\\.out\\.tfevents\\.([0-9]{10})\\.backprop-lab";
    /**
     * Where earlier versions of the suite put a run's event files: moved into the run's folder
     * when the run is resumed, made again or redrawn.
     */
    public static final String EARLIER_TENSORBOARD = "tensorboard";
    public static final String MODEL = "model";
    /** A model being saved: written whole here, then swapped with {@link #MODEL}. */
    public static final String MODEL_PARTIAL = "model.partial";
    /** The model a swap replaces, for the moment between its two renames. */
    public static final String MODEL_PREVIOUS = "model.previous";
    /** The network at the evaluation of best validation accuracy, saved as {@link #MODEL} is. */
    public static final String SELECTED_MODEL = "model-selected";
    public static final String SELECTED_MODEL_PARTIAL = SELECTED_MODEL + ".partial";
    public static final String SELECTED_MODEL_PREVIOUS = SELECTED_MODEL + ".previous";
    /** Where -Dexp=analyse of {@link #SELECTED_MODEL} writes its figures and analysis.json. */
    public static final String SELECTED_ANALYSIS = "selected";
    public static final String CHECKPOINT = "checkpoint";
    public static final String LOCK = ".lock";
    public static final String SEED_PREFIX = "seed-";
    /** A seed's folder: at most ten digits, so that the number parses as a long before its range is checked. */
    private static final Pattern SEED_FOLDER = Pattern.compile(Pattern.quote(SEED_PREFIX) + "(0|[1-9][0-9]{0,9})");

    // A sweep's folder.
    public static final String SWEEP_DEFINITION = "sweep.json";
    public static final String SWEEP_SUMMARY = "summary.csv";
    public static final String SWEEP_FIGURE = "sweep.png";
    public static final String REDRAW_LOCK = ".redraw.lock";
    /** A sweep point's folder: key=value[,key=value...]. */
    public static final String SWEEP_POINT = "[A-Za-z]+=[^,/]+(,[A-Za-z]+=[^,/]+)*";

    /** Whether a folder's name is a sweep point's. */
    public static boolean isSweepPoint(String name) {
        return name.matches(SWEEP_POINT);
    }

    // A model folder.
    public static final String MEAN_IMAGE = "mean-image.ndlist";
    public static final String INPUT_SCALE = "input-scale.ndlist";
    public static final String SYNSET = "synset.txt";
    public static final String MODEL_SPEC = "spec.json";
    public static final String CHECK = "check.ndlist";
    public static final String CHECKSUMS = "checksums.sha256";
    /** A finished run's checkpoint, beside its saved model: what training it further needs. */
    public static final String TRAINING_STATE = "training";

    // A checkpoint folder.
    public static final String CHECKPOINT_FILE = "checkpoint.json";

    // The report's comparison figures, in the results folder's figures/.
    public static final String FIGURE_1 = "figure-1-accuracy.png";
    public static final String FIGURE_2 = "figure-2-loss.png";
    public static final String FIGURES_3_6 = "figures-3-6-test-accuracy.png";
    public static final String PER_CLASS = "per-class-accuracy.png";
    public static final String LAYERS = "layers-section-2-3.png";

    /** The kinds of folder a run writes, each with the names it owns in it. */
    public enum Kind {
        // Each name is RunLayout's constant, qualified: MODEL alone would be this enum's MODEL.
        RESULTS(names(RunLayout.RESULTS_TABLE, RunLayout.MARKER),
                Map.of(quoted(RunLayout.FIGURES), "FIGURES", quoted(RunLayout.BENCH), "BENCH")),
        RUN(names(RunLayout.METRICS, RunLayout.METRICS_PARTIAL, RunLayout.SUMMARY, RunLayout.ANALYSIS,
                        RunLayout.DIAGNOSTICS, RunLayout.LOCK) + "|" + names(RunLayout.figureFiles()) + "|"
                        + RunLayout.EVENT_FILE,
                Map.of(names(RunLayout.MODEL, RunLayout.MODEL_PARTIAL, RunLayout.MODEL_PREVIOUS, RunLayout.SELECTED_MODEL,
                                RunLayout.SELECTED_MODEL_PARTIAL, RunLayout.SELECTED_MODEL_PREVIOUS), "MODEL",
                        quoted(RunLayout.CHECKPOINT), "CHECKPOINT", quoted(RunLayout.EARLIER_TENSORBOARD), "TENSORBOARD",
                        quoted(RunLayout.SELECTED_ANALYSIS), "RUN")),
        SWEEP(names(RunLayout.SWEEP_DEFINITION, RunLayout.SWEEP_SUMMARY, RunLayout.SWEEP_FIGURE, RunLayout.LOCK,
                        RunLayout.REDRAW_LOCK),
                Map.of(RunLayout.SWEEP_POINT, "RUN")),
        MODEL(".+-[0-9]{4}\\.params|.+\\.ndlist|" + names(RunLayout.SYNSET, RunLayout.MODEL_SPEC, RunLayout.CHECKSUMS),
                Map.of(quoted(RunLayout.TRAINING_STATE), "CHECKPOINT")),
        CHECKPOINT(quoted(RunLayout.CHECKPOINT_FILE) + "|state-[0-9]+\\.ndlist", Map.of()),
        TENSORBOARD(RunLayout.EVENT_FILE, Map.of()),
        FIGURES(".+\\.png", Map.of()),
        BENCH(".+\\.json", Map.of());

        private final Pattern files;
        private final Map<String, String> folders;

        Kind(String files, Map<String, String> folders) {
            // Every kind owns the half-written copies AtomicFiles leaves when a run is killed while it writes.
            this.files = Pattern.compile(files + "|.+\\.[0-9]+\\.partial");
            this.folders = folders;
        }

        /** Whether a file of this name in a folder of this kind is the suite's. */
        boolean ownsFile(String name) {
            return files.matcher(name).matches();
        }

        /** The kind of the sub-folder of this name, or null when the layout has none. */
        Kind folder(String name) {
            // A seed's folder is named by a number in a range, which a regular expression alone does not check.
            if (this == RUN && isSeedFolder(name)) {
                return RUN;
            }
            for (Map.Entry<String, String> entry : folders.entrySet()) {
                if (name.matches(entry.getKey())) {
                    return Kind.valueOf(entry.getValue());
                }
            }
            return null;
        }
    }

    private RunLayout() {}

    /** A pattern of exactly these names. */
    private static String names(String... names) {
        return String.join("|", Arrays.stream(names).map(RunLayout::quoted).toList());
    }

    private static String quoted(String name) {
        return Pattern.quote(name);
    }

    /** The file that describes a checkpoint, in a checkpoint folder (or a finished run's training state). */
    public static Path checkpointFile(Path checkpoint) {
        return checkpoint.resolve(CHECKPOINT_FILE);
    }

    /** The report's comparison figure {@code name} in a results folder. */
    public static Path figure(Path results, String name) {
        return results.resolve(FIGURES).resolve(name);
    }

    /**
     * Whether a folder of this name in a run's folder is a seed's, as {@link RunFolder#seed} names it:
     * {@code seed-<n>}, n a seed (0 to 2147483647) without leading zeros. Any other name
     * ({@code seed-007}, {@code seed-42.bak}) is the user's.
     */
    public static boolean isSeedFolder(String name) {
        return SEED_FOLDER.matcher(name).matches()
                && Long.parseLong(name.substring(SEED_PREFIX.length())) <= Integer.MAX_VALUE;
    }

    /** The seed folders in a run's folder ({@link #isSeedFolder}), in seed order; none when it has none. */
    public static List<Path> seedFolders(Path run) throws IOException {
        if (!Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(run)) {
            return children.filter(p -> isSeedFolder(p.getFileName().toString()))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(
                            SEED_PREFIX.length()))))
                    .toList();
        }
    }

    /**
     * Checks that runs may write into {@code results}, without writing anything: it is new (its
     * nearest existing parent a writable folder), empty (but for a {@value #DATA_NOTE}), or the suite's.
     *
     * @throws UserError naming the folder and what to do
     */
    public static void checkResultsFolder(Path results) {
        if (!Files.exists(results, LinkOption.NOFOLLOW_LINKS)) {
            Path existing = results.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                String why = existing == null ? "no such place"
                        : !Files.isDirectory(existing) ? UserPath.shown(existing) + " is a file, not a folder"
                        : UserPath.shown(existing) + " is not writable";
                throw new UserError("cannot write results to " + UserPath.shown(results) + " (" + why
                        + "): choose another folder with -Dout=DIR");
            }
            return;
        }
        if (!Files.isDirectory(results)) {
            throw new UserError("cannot write results to " + UserPath.shown(results)
                    + ": it is a file, not a folder; choose another folder with -Dout=DIR");
        }
        if (!Files.isWritable(results)) {
            throw notWritable(results, "make it writable, or write elsewhere with -Dout=DIR");
        }
        if (!isResultsFolder(results) && !holdsOnlyADataNote(results)) {
            throw new UserError(UserPath.shown(results) + " holds files the suite did not write (it has no " + MARKER
                    + " file): give -Dout a new or empty folder, or one the suite made");
        }
    }

    /**
     * Checks that {@code results} is a results folder the suite wrote, for commands that only
     * redraw what is there.
     *
     * @throws UserError naming the folder and what to do
     */
    public static void checkExistingResultsFolder(Path results) {
        if (!Files.exists(results)) {
            throw new UserError("no results folder at " + UserPath.shown(results)
                    + ": run an experiment first, or name the results folder with -Dout=DIR");
        }
        if (!Files.isDirectory(results)) {
            throw new UserError(UserPath.shown(results) + " is a file, not a results folder: name the results folder"
                    + " with -Dout=DIR");
        }
        if (!isResultsFolder(results)) {
            throw new UserError(UserPath.shown(results) + " is not a results folder of the suite (it has no " + MARKER
                    + " file): name the results folder with -Dout=DIR");
        }
    }

    /**
     * Whether {@code folder} is a results folder of the suite's: it holds the marker, or (made
     * before there was one) the results table the suite writes, which {@link #claimResultsFolder}
     * then marks.
     */
    public static boolean isResultsFolder(Path folder) {
        if (Files.isRegularFile(folder.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        Path table = folder.resolve(RESULTS_TABLE);
        if (!Files.isRegularFile(table, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.io.InputStream in = Files.newInputStream(table)) {
            byte[] start = in.readNBytes(LEGACY_TABLE_START.length());
            return new String(start, StandardCharsets.UTF_8).equals(LEGACY_TABLE_START);
        } catch (IOException e) {
            return false;
        }
    }

    /** How the results table the suite writes begins (see ResultsReadme). */
    private static final String LEGACY_TABLE_START = "# Results\n\nWritten by the suite from each experiment's `summary.json`";

    /** The nearest results folder of the suite's that holds {@code path}, or null when none does. */
    public static Path enclosingResultsFolder(Path path) {
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (isResultsFolder(p)) {
                return p;
            }
        }
        return null;
    }

    /** Creates {@code results} if need be and marks it as the suite's (call {@link #checkResultsFolder} first). */
    public static void claimResultsFolder(Path results) throws IOException {
        Files.createDirectories(results);
        if (!Files.isRegularFile(results.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.write(results.resolve(MARKER), MARKER_TEXT.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Checks, without writing or deleting anything, that a run may empty and write {@code folder}
     * (of {@code kind}) inside a results folder: no entry the layout names there is a symbolic
     * link, or a folder where the layout puts a file, or a file where it puts a folder.
     *
     * @throws UserError naming the first such entry
     */
    public static void checkWritable(Path folder, Kind kind) {
        if (Files.isSymbolicLink(folder)) {
            throw link(folder);
        }
        if (!Files.exists(folder)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw new UserError(UserPath.shown(folder) + " is a file where the suite writes a folder: move it away, or"
                    + " write elsewhere with -Dout=DIR");
        }
        owned(folder, kind, false);
    }

    /** Deletes what the layout names in {@code folder} but its lock, leaving every other entry as it is. */
    public static void empty(Path folder, Kind kind) throws IOException {
        for (Path entry : owned(folder, kind, true)) {
            if (!entry.getFileName().toString().equals(LOCK)) {
                deleteEntry(entry, kind);
            }
        }
    }

    /**
     * Deletes a folder of {@code kind} the suite wrote: what the layout names in it, then the
     * folder itself unless something else is left in it.
     */
    public static void delete(Path folder, Kind kind) throws IOException {
        if (Files.isSymbolicLink(folder) || !Files.exists(folder)) {
            return;
        }
        for (Path entry : owned(folder, kind, true)) {
            deleteEntry(entry, kind);
        }
        if (isEmpty(folder)) {
            Files.delete(folder);
        }
    }

    /**
     * What a run's folder holds of the attempt a resumed run continues, besides its metrics and
     * the states it continues from: its summary, the layer statistics and every figure.
     */
    static final List<String> ATTEMPT_FILES = Stream.concat(Stream.of(SUMMARY, DIAGNOSTICS),
            Arrays.stream(figureFiles())).toList();

    /** The file names of every figure of a run ({@link RunFigure}). */
    private static String[] figureFiles() {
        return Arrays.stream(RunFigure.values()).map(RunFigure::file).toArray(String[]::new);
    }

    /**
     * Deletes the files of the attempt a resumed run continues ({@link #ATTEMPT_FILES}), the summary
     * first: from then on the folder holds one attempt, whose metrics.csv the ending run replaces
     * (model/ and checkpoint/ are where it can go on from, which that attempt shares).
     */
    public static void retireAttempt(RunFolder run) throws IOException {
        boolean deleted = false;
        for (String name : ATTEMPT_FILES) {
            Path file = run.path().resolve(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(file);
                deleted = true;
            }
            if (name.equals(SUMMARY) && deleted) {
                // On the disk before anything else goes: a folder with a summary has every file of its run.
                AtomicFiles.forceFolder(run.path());
            }
        }
    }

    /** Deletes the files of {@code folder} whose names match {@code pattern} (a checkpoint's older states, say). */
    public static void deleteFiles(Path folder, Kind kind, String pattern, String keep) throws IOException {
        for (Path entry : owned(folder, kind, true)) {
            String name = entry.getFileName().toString();
            if (name.matches(pattern) && !name.equals(keep) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(entry);
            }
        }
    }

    /**
     * Puts back a saved model that a kill between the two renames of its swap left as
     * {@value #MODEL_PREVIOUS} (or {@value #SELECTED_MODEL_PREVIOUS}) only, in {@code folder} and
     * the run folders under it.
     */
    public static void recoverModels(Path folder, Kind kind) throws IOException {
        if (kind != Kind.RUN && kind != Kind.SWEEP || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (kind == Kind.RUN) {
            for (String name : List.of(MODEL, SELECTED_MODEL)) {
                Path model = folder.resolve(name);
                Path previous = folder.resolve(name + ".previous");
                if (!Files.exists(model, LinkOption.NOFOLLOW_LINKS)
                        && Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS)) {
                    rename(previous, model);
                }
            }
        }
        for (Path entry : owned(folder, kind, true)) {
            if (kind.folder(entry.getFileName().toString()) == Kind.RUN && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                recoverModels(entry, Kind.RUN);
            }
        }
    }

    /**
     * Puts the model written whole in {@code <model>.partial} in place of {@code model} (a run's
     * {@value #MODEL} or {@value #SELECTED_MODEL}): the old one is renamed aside, the new one
     * renamed in, the old one deleted. A kill at any moment leaves a whole model under its name,
     * or under {@code <model>.previous}, from where {@link #recoverModels} puts it back.
     */
    public static void swapModel(Path model) throws IOException {
        Path previous = model.resolveSibling(model.getFileName() + ".previous");
        if (Files.exists(previous, LinkOption.NOFOLLOW_LINKS) && Files.exists(model, LinkOption.NOFOLLOW_LINKS)) {
            delete(previous, Kind.MODEL);
        }
        if (Files.exists(model, LinkOption.NOFOLLOW_LINKS)) {
            rename(model, previous);
        }
        HaltPoint.reached(HaltPoint.MODEL_SWAP);
        rename(model.resolveSibling(model.getFileName() + ".partial"), model);
        delete(previous, Kind.MODEL);
    }

    /** Renames one folder of the layout to another name of it in the same parent folder. */
    public static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.forceFolder(to.getParent());
    }

    private static void deleteEntry(Path entry, Kind parent) throws IOException {
        Kind sub = parent.folder(entry.getFileName().toString());
        if (sub != null && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            delete(entry, sub);
        } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(entry);
        }
    }

    /**
     * The entries of {@code folder} that the layout names for {@code kind}, each checked (not a
     * link, a file or folder as the layout has it), sub-folders checked all the way down, each
     * of them writable.
     *
     * @param forDeletion true when the entries are about to go: a link is then left alone rather
     *     than refused (the check before the claim refused it already, or it appeared since)
     */
    private static List<Path> owned(Path folder, Kind kind, boolean forDeletion) {
        if (!forDeletion && !Files.isWritable(folder)) {
            // Found now rather than after the training, when the run would save into it.
            throw notWritable(folder, "make it writable, or write elsewhere with -Dout=DIR");
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path entry : list.sorted().toList()) {
                String name = entry.getFileName().toString();
                Kind sub = kind.folder(name);
                boolean file = kind.ownsFile(name);
                if (sub == null && !file) {
                    continue;
                }
                if (Files.isSymbolicLink(entry)) {
                    if (forDeletion) {
                        continue;
                    }
                    throw link(entry);
                }
                if (sub != null && Files.isDirectory(entry)) {
                    if (!forDeletion) {
                        owned(entry, sub, false);
                        if (sub == Kind.MODEL || sub == Kind.CHECKPOINT) {
                            requireOnlyOwned(entry, sub);
                        }
                    }
                } else if (!file || Files.isDirectory(entry)) {
                    if (forDeletion) {
                        continue;
                    }
                    throw new UserError(UserPath.shown(entry) + " is " + (Files.isDirectory(entry) ? "a folder" : "a file")
                            + " where the suite writes " + (file ? "a file" : "a folder")
                            + ": move it away, or write elsewhere with -Dout=DIR");
                }
                entries.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /**
     * A model or checkpoint folder is renamed and deleted whole (a model is swapped in, a
     * checkpoint goes when the run ends): a file of the user's in one would be moved aside with
     * it, or stop the swap. Refused before the run, naming it.
     */
    private static void requireOnlyOwned(Path folder, Kind kind) {
        try (Stream<Path> list = Files.list(folder)) {
            for (Path entry : list.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (!kind.ownsFile(name) && kind.folder(name) == null) {
                    throw new UserError(UserPath.shown(entry) + " is not the suite's, in a folder the suite replaces whole"
                            + " when the run saves: move it away, or write elsewhere with -Dout=DIR");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empty, or with nothing but the note on the data a user writes before the first run ({@value #DATA_NOTE}). */
    private static boolean holdsOnlyADataNote(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.allMatch(entry -> entry.getFileName().toString().equals(DATA_NOTE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The refusal of a folder the suite would write into and cannot (a read-only disk, its permissions). */
    public static UserError notWritable(Path folder, String whatToDo) {
        return new UserError("cannot write results to " + UserPath.shown(folder) + ": it is not writable (a read-only"
                + " disk, or its permissions): " + whatToDo);
    }

    private static UserError link(Path path) {
        return new UserError(UserPath.shown(path) + " is a symbolic link: the suite does not write through links;"
                + " remove it, or write elsewhere with -Dout=DIR");
    }
}
