package backproplab.saved;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import backproplab.config.ExperimentSpec;
import backproplab.config.Network;
import backproplab.data.CifarData;
import backproplab.data.Preprocessing;
import backproplab.diagnostics.BlockLayers;
import backproplab.manual.LinearModule;
import backproplab.manual.ManualMlp;
import backproplab.results.AtomicFiles;
import backproplab.results.Json;
import backproplab.results.RunLayout;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A trained network in {@code <out>/<id>/model/}, in DJL's own formats: {@code <id>-0000.params}
 * (DJL's {@code Model.save}; the custom batch norms' running statistics are parameters and go
 * with them) or, for the hand-written MLP, {@code <id>.ndlist} (its W and b in DJL's NDList
 * encoding); beside it what prediction needs: {@code mean-image.ndlist} (the preprocessing: what
 * is subtracted from each pixel; with {@code -Dinput=standardize}, {@code input-scale.ndlist} too,
 * what each pixel is then multiplied by),
 * {@code synset.txt} (the class names), {@code spec.json} (the settings that rebuild the network),
 * and {@code check.ndlist}: ten test images and the outputs the network gave them when saved, so
 * that a load that does not reproduce them bit for bit is refused.
 */
public final class SavedModel {

    public static final String FOLDER = RunLayout.MODEL;
    static final String MEAN_IMAGE = RunLayout.MEAN_IMAGE;
    static final String INPUT_SCALE = RunLayout.INPUT_SCALE;
    static final String SYNSET = RunLayout.SYNSET;
    static final String SPEC = RunLayout.MODEL_SPEC;
    static final String CHECK = RunLayout.CHECK;
    static final String CHECKSUMS = RunLayout.CHECKSUMS;
    /** Test images whose outputs are kept to check a load. */
    static final int CHECK_IMAGES = 10;

    private SavedModel() {}

    /**
     * Writes the model folder of a trained network: a DJL block, or the hand-written MLP.
     *
     * @param name the file name's stem (the experiment's id)
     * @param input how the network's images were preprocessed, which its predictions repeat
     * @param settings the run's resolved settings, from which the network is rebuilt
     */
    public static void write(Path folder, String name, Block block, ManualMlp mlp, CifarData data,
            Preprocessing input, Map<String, String> settings) throws IOException {
        Files.createDirectories(folder);
        try (NDManager scratch = data.meanImage().getManager().newSubManager()) {
            NDArray checkImages = input.apply(data.testImages().get(scratch, new NDIndex().addSliceDim(0,
                    Math.min(CHECK_IMAGES, data.testSize()))));
            NDArray checkOutputs;
            if (block != null) {
                try (Model model = Model.newInstance(name)) {
                    model.setBlock(block);
                    // One file, <name>-0000.params, replaced when a run trained on saves again.
                    model.setProperty("Epoch", "0");
                    model.save(folder, name);
                }
                checkOutputs = outputs(block, checkImages);
            } else {
                NDList weights = new NDList();
                for (LinearModule linear : mlp.linearModules()) {
                    weights.add(linear.weight());
                    weights.add(linear.bias());
                }
                AtomicFiles.write(folder.resolve(name + ".ndlist"), weights.encode());
                checkOutputs = mlp.evaluate(checkImages);
            }
            AtomicFiles.write(folder.resolve(CHECK), new NDList(checkImages, checkOutputs).encode());
            AtomicFiles.write(folder.resolve(MEAN_IMAGE), new NDList(scratch.create(input.subtracted())).encode());
            if (input.scale() != null) {
                AtomicFiles.write(folder.resolve(INPUT_SCALE), new NDList(scratch.create(input.scale())).encode());
            }
        }
        AtomicFiles.write(folder.resolve(SYNSET),
                (String.join("\n", CifarData.CLASS_NAMES) + "\n").getBytes(StandardCharsets.UTF_8));
        Map<String, String> spec = new LinkedHashMap<>(settings);
        spec.put("name", name);
        Json.write(folder.resolve(SPEC), spec);
    }

    /**
     * Forces every file of a model folder written by {@link #write} (and what was written beside
     * it) to the disk and lists them with their SHA-256 in {@value RunLayout#CHECKSUMS}, which
     * {@link #load} checks: a file changed since is told before DJL reads it.
     */
    public static void seal(Path folder) throws IOException {
        StringBuilder sums = new StringBuilder();
        for (Path file : files(folder)) {
            AtomicFiles.force(file);
            sums.append(sha256(file)).append("  ").append(relative(folder, file)).append('\n');
        }
        AtomicFiles.write(folder.resolve(CHECKSUMS), sums.toString().getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> tree = Files.walk(folder)) {
            for (Path sub : tree.filter(Files::isDirectory).toList()) {
                AtomicFiles.forceFolder(sub);
            }
        }
    }

    /** The files a model folder's checksums cover: all but the list itself, in name order. */
    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> tree = Files.walk(folder)) {
            return tree.filter(Files::isRegularFile).filter(f -> !f.equals(folder.resolve(CHECKSUMS)))
                    .sorted(Comparator.comparing(f -> relative(folder, f))).toList();
        }
    }

    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a model folder against its {@value RunLayout#CHECKSUMS} (a model saved before there
     * was one is checked by its outputs only).
     *
     * @throws UserError naming the first file that is missing or differs
     */
    private static void verify(Path folder) throws IOException {
        Path list = folder.resolve(CHECKSUMS);
        if (!Files.isRegularFile(list)) {
            return;
        }
        for (String line : Files.readAllLines(list)) {
            int gap = line.indexOf("  ");
            if (gap < 0) {
                throw notAModel(folder, CHECKSUMS + " is damaged (a line without a file name)");
            }
            Path file = folder.resolve(line.substring(gap + 2)).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                throw notAModel(folder, line.substring(gap + 2) + " is missing");
            }
            if (!sha256(file).equals(line.substring(0, gap))) {
                throw notAModel(folder, line.substring(gap + 2) + " differs from the file saved (damaged or edited)");
            }
        }
    }

    /**
     * A saved network, loaded into {@code model} with plain DJL calls, checked against the
     * outputs it gave when saved.
     *
     * @param settings the settings it was trained with (spec.json)
     * @param outputsProbabilities true for the hand-written MLP (a softmax on top), false for logits
     */
    /**
     * A saved model, loaded.
     *
     * @param meanImage what its preprocessing subtracts from each raw pixel
     * @param scale what it then multiplies each pixel by; null when nothing
     */
    public record Loaded(Model model, Map<String, String> settings, float[] meanImage, float[] scale,
            List<String> classes, boolean outputsProbabilities) implements AutoCloseable {

        public CifarTranslator translator() {
            return new CifarTranslator(meanImage, scale, classes, outputsProbabilities);
        }

        /** Raw images (B, 3072), pixels 0-255, preprocessed as the network's training images were. */
        public NDArray preprocessed(NDArray raw) {
            NDManager manager = raw.getManager();
            NDArray centred = raw.sub(manager.create(meanImage));
            return scale == null ? centred : centred.muli(manager.create(scale));
        }

        /** The network's outputs for a batch of preprocessed images (B, 3072). */
        public NDArray outputs(NDArray images) {
            return SavedModel.outputs(model.getBlock(), images);
        }

        /** The first layer's weight: (units, 3072) for an MLP, (filters, 3, 3, 3) for the ConvNet. */
        public NDArray firstLayerWeight() {
            if (model.getBlock() instanceof ManualMlpBlock manual) {
                return manual.mlp().linearModules().get(0).weight();
            }
            return BlockLayers.weightLayers((SequentialBlock) model.getBlock()).get(0).weight();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Loads the model folder.
     *
     * @param blockFor builds the untrained DJL block that the settings name (not called for the
     *     hand-written MLP)
     * @throws UserError when the folder holds no model, or one that does not fit CIFAR-10 or does
     *     not reproduce its own check outputs
     */
    public static Loaded load(Path folder, Function<Map<String, String>, Block> blockFor) {
        folder = checkFolder(folder);
        Path specFile = folder.resolve(SPEC);
        Model model = null;
        try {
            verify(folder);
            Map<String, String> settings = Json.gson().fromJson(Files.readString(specFile),
                    new TypeToken<Map<String, String>>() {}.getType());
            String name = settings.get("name");
            List<String> classes = Files.readAllLines(folder.resolve(SYNSET)).stream().filter(l -> !l.isBlank()).toList();
            if (classes.size() != CifarData.CLASSES) {
                throw notAModel(folder, "it names " + classes.size() + " classes where CIFAR-10 has " + CifarData.CLASSES);
            }
            model = Model.newInstance(name);
            NDManager manager = model.getNDManager();
            boolean manual = Network.Kind.MANUAL_MLP.key().equals(settings.get("model"));
            if (manual) {
                model.setBlock(new ManualMlpBlock(manualMlp(NDList.decode(manager, Files.readAllBytes(
                        folder.resolve(name + ".ndlist"))), settings), CifarData.CLASSES));
            } else {
                model.setBlock(blockFor.apply(settings));
                model.load(folder, name);
            }
            float[] meanImage = pixels(folder, MEAN_IMAGE, manager);
            // Only a model of standardized inputs has a scale; a model written before there was one has none.
            float[] scale = Files.exists(folder.resolve(INPUT_SCALE)) ? pixels(folder, INPUT_SCALE, manager) : null;
            NDList check = NDList.decode(manager, Files.readAllBytes(folder.resolve(CHECK)));
            if (check.get(1).getShape().dimension() != 2 || check.get(1).getShape().get(1) != CifarData.CLASSES) {
                throw notAModel(folder, "it gives " + check.get(1).getShape() + " outputs for "
                        + check.get(0).getShape().get(0) + " images, not one per CIFAR-10 class");
            }
            try (NDArray outputs = outputs(model.getBlock(), check.get(0))) {
                if (!reproduces(outputs, check.get(1))) {
                    throw notAModel(folder, "its parameters do not give the outputs it gave when saved"
                            + " (damaged, or written by other code)");
                }
            }
            return new Loaded(model, settings, meanImage, scale, classes, manual);
        } catch (IOException | MalformedModelException | RuntimeException | OutOfMemoryError e) {
            // An OutOfMemoryError here is a damaged file's sizes (an edited .params header asks
            // for terabytes), not a heap the process needs back: the load just failed.
            if (model != null) {
                model.close();
            }
            if (e instanceof UserError userError) {
                throw userError;
            }
            throw notAModel(folder, e.getClass().getSimpleName() + ": " + UserError.firstLine(e.getMessage()));
        }
    }

    /** A file of one value per pixel (the preprocessing's), checked to have as many as a CIFAR-10 image. */
    private static float[] pixels(Path folder, String file, NDManager manager) throws IOException {
        float[] values = NDList.decode(manager, Files.readAllBytes(folder.resolve(file))).singletonOrThrow()
                .toFloatArray();
        if (values.length != CifarData.PIXELS) {
            throw notAModel(folder, "its images have " + values.length + " values where CIFAR-10's have "
                    + CifarData.PIXELS + " (" + file + ")");
        }
        return values;
    }

    /**
     * The folder a saved model loads from, checked by its entries alone (nothing is read): the
     * folder given, or the {@code <name>.previous} beside a missing {@value RunLayout#MODEL} or
     * {@value RunLayout#SELECTED_MODEL}
     * (a run killed while it swapped in a new model: the one it replaced is whole, and the next
     * run puts it back). Predict and analyse call it before they read or write anything.
     *
     * @throws UserError when the path does not exist, is a file, or is a folder without
     *     {@value RunLayout#MODEL_SPEC} (the root folder, an empty one, a run's folder...)
     */
    public static Path checkFolder(Path folder) {
        String name = String.valueOf(folder.getFileName());
        Path previous = folder.resolveSibling(name + ".previous");
        if (!Files.exists(folder) && (RunLayout.MODEL.equals(name) || RunLayout.SELECTED_MODEL.equals(name))
                && Files.isDirectory(previous)) {
            return checkFolder(previous);
        }
        if (!Files.exists(folder)) {
            throw notAModel(folder, "it does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw notAModel(folder, "it is a file, not a folder");
        }
        if (!Files.isRegularFile(folder.resolve(SPEC))) {
            Path inside = folder.resolve(RunLayout.MODEL);
            if (Files.isRegularFile(inside.resolve(SPEC))) {
                throw new UserError(UserPath.shown(folder) + " is not a saved model of this suite: it is a run's folder;"
                        + " give -Dsaved=" + UserPath.shown(inside) + ", its model folder");
            }
            throw notAModel(folder, "it has no " + SPEC);
        }
        return folder;
    }

    /**
     * Whether a load gives the outputs saved with the model: the same class for each image, and
     * every output within a relative 1e-4 (bit for bit on the machine that saved it; another
     * CPU or math library may change the last bits).
     */
    static boolean reproduces(NDArray outputs, NDArray saved) {
        if (!outputs.getShape().equals(saved.getShape())
                || !Arrays.equals(outputs.argMax(1).toLongArray(), saved.argMax(1).toLongArray())) {
            return false;
        }
        float[] a = outputs.toFloatArray();
        float[] b = saved.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= 1e-4 * Math.max(1, Math.abs(b[i])))) {
                return false;
            }
        }
        return true;
    }

    /** A block's outputs in evaluation mode (running statistics, no graph). */
    static NDArray outputs(Block block, NDArray images) {
        return block.forward(new ParameterStore(images.getManager(), false), new NDList(images), false)
                .singletonOrThrow();
    }

    /**
     * The hand-written MLP from its W and b, in layer order, with the activation its settings name
     * (ReLU in a model saved before there was a choice: spec.json has no activation, the default).
     */
    private static ManualMlp manualMlp(NDList weights, Map<String, String> settings) {
        List<LinearModule> layers = new ArrayList<>();
        for (int i = 0; i + 1 < weights.size(); i += 2) {
            layers.add(new LinearModule(weights.get(i), weights.get(i + 1)));
        }
        Network network = ExperimentSpec.ofSaved(SPEC, settings).hyper().network();
        return new ManualMlp(layers, ((Network.HandWrittenMlp) network).activation());
    }

    private static UserError notAModel(Path folder, String why) {
        return new UserError(UserPath.shown(folder) + " is not a saved model of this suite: " + why
                + "; give -Dsaved=<out>/<id>/model, the model folder of a finished run");
    }
}
