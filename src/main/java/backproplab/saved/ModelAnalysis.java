package backproplab.saved;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.ExperimentSpec;
import backproplab.config.Options;
import backproplab.data.CifarData;
import backproplab.nn.NetworkBlock;
import backproplab.report.Analysis;
import backproplab.report.ChartTitles;
import backproplab.report.ResultsReader;
import backproplab.report.RunFigures;
import backproplab.results.Json;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.Confusion;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -Dexp=analyse -Dsaved=DIR}: a saved model's per-class analysis without training: the
 * whole test set through the loaded network, then beside the model folder (its run's folder)
 * confusion.png, predictions.png, weights.png and analysis.json (per-class accuracy, confusion matrix).
 */
public final class ModelAnalysis {

    public static final String FILE = RunLayout.ANALYSIS;

    /** analysis.json. */
    record Result(String model, double testAccuracy, Map<String, Double> perClassAccuracy, long[][] confusionMatrix,
            String mostConfused) {}

    private ModelAnalysis() {}

    /**
     * @param options {@code -Dsaved} (the model's folder), {@code -Ddata} (where the test set is) and
     *     {@code -DevalBatchSize}
     * @return the test set's confusion
     */
    public static Confusion run(Options options, PrintStream out) {
        if (options.saved() == null) {
            throw new UserError("-Dexp=analyse needs -Dsaved=DIR, a saved model's folder, e.g. results/convnet/model");
        }
        Path folder = options.saved().toAbsolutePath().normalize();
        // The root, a file, an empty folder...: refused before anything is read or written.
        SavedModel.checkFolder(folder);
        Path written = analysisFolder(folder);
        checkWritable(written);
        Engine.getInstance();
        JniUtils.setGradMode(false);
        try (SavedModel.Loaded model = SavedModel.load(folder,
                        s -> NetworkBlock.of(ExperimentSpec.ofSaved(RunLayout.MODEL_SPEC, s).hyper().network()));
                NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, options.folders().data(), options.folders().dataShown(), out)) {
            ExperimentSpec spec = saved(model.settings(), options.settings());
            int[] predicted = predictions(model, data, spec.hyper().evalBatchSize(), manager);
            long[] labels = data.testLabels().toLongArray();
            Confusion confusion = Confusion.of(predicted, labels, CifarData.CLASSES);
            Files.createDirectories(written);
            RunFolder runFolder = new RunFolder(written);
            String title = spec.id() + " (saved model, " + spec.shown().reportLabel() + ")";
            RunFigures.draw(runFolder, RunFigures.Inputs.titled(title).withConfusion(confusion)
                    .withPredictions(new RunFigures.Predictions(labels, predicted, data::rawTestImage))
                    .withFirstWeight(model.firstLayerWeight()));
            Map<String, Double> perClass = new LinkedHashMap<>();
            double[] accuracy = confusion.perClassAccuracy();
            for (int c = 0; c < accuracy.length; c++) {
                perClass.put(CifarData.CLASS_NAMES.get(c), accuracy[c]);
            }
            Json.write(runFolder.analysis(), new Result(UserPath.shown(folder), confusion.accuracy(), perClass,
                    confusion.counts(), Analysis.mostConfused(confusion)));
            out.printf("%s: test accuracy %.4f; %s; written to %s%n", spec.id(), confusion.accuracy(),
                    Analysis.mostConfused(confusion), UserPath.shown(runFolder.path()));
            return confusion;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class {@code model} predicts for each test image, {@code chunk} images a forward pass. */
    private static int[] predictions(SavedModel.Loaded model, CifarData data, int chunk, NDManager manager) {
        int size = Math.toIntExact(data.testSize());
        int[] predicted = new int[size];
        // The saved model's preprocessing: the mean image of the data it was trained on, which a
        // -Ddata folder of another copy (or a subset) of CIFAR-10 does not share, and its scale.
        boolean asHeld = Arrays.equals(data.meanImage().toFloatArray(), model.meanImage()) && model.scale() == null;
        for (int from = 0; from < size; from += chunk) {
            int to = Math.min(size, from + chunk);
            try (NDManager chunkManager = manager.newSubManager()) {
                NDArray images = data.testImages().get(chunkManager, new NDIndex().addSliceDim(from, to));
                if (!asHeld) {
                    images = model.preprocessed(images.add(data.meanImage()));
                }
                long[] classes = model.outputs(images).argMax(1).toLongArray();
                for (int i = 0; i < classes.length; i++) {
                    predicted[from + i] = (int) classes[i];
                }
            }
        }
        return predicted;
    }

    /**
     * Redraws weights.png of every run under {@code results} whose trained network is there (the
     * model folders are not committed: a fresh clone has none to draw from), titled as the run
     * titles it: each experiment's run, each seed's and each of section 3's batch norms. A run
     * whose files cannot be read keeps its weights.png as it is ({@code reader} tells which).
     */
    public static List<Path> redrawWeights(Path results, List<ExperimentSpec> catalog, ResultsReader reader,
            PrintStream out) {
        List<Path> written = new ArrayList<>();
        Engine.getInstance();
        JniUtils.setGradMode(false);
        for (Map.Entry<RunFolder, ExperimentSpec> run : runFolders(results, catalog).entrySet()) {
            RunFolder folder = run.getKey();
            if (!Files.isRegularFile(folder.model().resolve(RunLayout.MODEL_SPEC))) {
                continue;
            }
            ResultsReader.Run files = reader.run(folder).orElse(null);
            if (files == null) {
                continue;
            }
            ExperimentSpec spec = run.getValue();
            try (SavedModel.Loaded loaded = SavedModel.load(folder.model(),
                    s -> NetworkBlock.of(saved(s, Map.of()).hyper().network()))) {
                written.addAll(RunFigures.draw(folder, RunFigures.Inputs.titled(ChartTitles.curves(spec.id(), spec, folder, 1,
                        files.status())).withFirstWeight(loaded.firstLayerWeight())));
            } catch (UserError e) {
                // A model that does not load leaves the run's weights.png as it was: the other
                // figures are redrawn from files that do not need it.
                out.println("warning: " + UserPath.shown(folder.weights()) + " not redrawn: "
                        + UserError.firstLine(e.getMessage()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        written.forEach(f -> out.println("figure: " + f));
        return written;
    }

    /** Every run folder of the catalog's experiments under {@code results}, with the experiment it titles. */
    private static Map<RunFolder, ExperimentSpec> runFolders(Path results, List<ExperimentSpec> catalog) {
        Map<RunFolder, ExperimentSpec> runs = new LinkedHashMap<>();
        try {
            for (ExperimentSpec spec : catalog) {
                RunFolder folder = RunFolder.of(results, spec.id());
                runs.put(folder, spec);
                folder.seeds().forEach(seed -> runs.put(seed, spec));
                spec.batchNormRuns().forEach(one -> runs.put(RunFolder.of(results, one.id()), one));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runs;
    }

    /**
     * Checks, before the model loads, that what the analysis writes beside it may be written: the
     * folder is writable (a model on a read-only disk would otherwise be refused only after the
     * whole test set went through it); in a results folder of the suite's, its files are the
     * suite's to replace; elsewhere (a model copied to a folder of the user's) the analysis only
     * adds files, and refuses to replace one.
     *
     * @throws UserError naming the folder that is not writable, or the file in the way
     */
    /**
     * Where the analysis of the model in {@code model} goes: its run's folder, beside it; for a
     * run's selected model ({@value RunLayout#SELECTED_MODEL}), the run's {@value RunLayout#SELECTED_ANALYSIS}
     * folder, so that the figures of the run's last evaluation stay as they are.
     */
    static Path analysisFolder(Path model) {
        Path parent = model.getParent();
        boolean selected = parent != null && RunLayout.SELECTED_MODEL.equals(String.valueOf(model.getFileName()));
        return selected ? parent.resolve(RunLayout.SELECTED_ANALYSIS) : parent;
    }

    private static void checkWritable(Path runFolder) {
        if (runFolder != null && !Files.exists(runFolder) && runFolder.getParent() != null) {
            if (!Files.isWritable(runFolder.getParent())) {
                throw new UserError("cannot write the analysis beside the model: " + UserPath.shown(runFolder.getParent())
                        + " is not writable; copy the run's folder into a folder you can write and analyse it there");
            }
            return;
        }
        if (runFolder == null) {
            throw new UserError("the analysis writes beside the model folder, and the root folder has nothing beside it;"
                    + " give -Dsaved=<out>/<id>/model, the model folder of a finished run");
        }
        if (!Files.isWritable(runFolder)) {
            throw new UserError("cannot write the analysis beside the model: " + UserPath.shown(runFolder)
                    + " is not writable (a read-only disk, or its permissions); copy the model folder into a folder"
                    + " you can write and analyse it there");
        }
        boolean suites = RunLayout.enclosingResultsFolder(runFolder) != null;
        for (String name : new String[] {RunLayout.CONFUSION, RunLayout.PREDICTIONS, RunLayout.WEIGHTS,
                RunLayout.ANALYSIS}) {
            Path file = runFolder.resolve(name);
            if (Files.isSymbolicLink(file) || Files.exists(file) && (!suites || !Files.isRegularFile(file))) {
                throw new UserError(UserPath.shown(file) + " is in the way: the analysis writes " + name
                        + " beside the model and replaces only a file of a results folder of the suite's;"
                        + " move it away, or copy the model folder into a new folder and analyse it there");
            }
        }
    }

    /** The spec the model was trained with, with the command line's test chunk size. */
    private static ExperimentSpec saved(Map<String, String> savedSettings, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>(savedSettings);
        if (given.containsKey("evalBatchSize")) {
            values.put("evalBatchSize", given.get("evalBatchSize"));
        }
        return ExperimentSpec.ofSaved(RunLayout.MODEL_SPEC, values);
    }
}
