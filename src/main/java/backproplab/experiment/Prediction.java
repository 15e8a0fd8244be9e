package backproplab.experiment;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.TranslateException;
import backproplab.config.ExperimentSpec;
import backproplab.saved.SavedModel;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code -Dexp=predict -Dmodel=DIR -Dimage=a.png,b.jpg|FOLDER [-Dtop=K]}: a saved model, loaded
 * with DJL's {@code Model}, predicts each image through a DJL {@code Predictor} (any size: resized
 * to 32x32, then the course's preprocessing) and prints its top classes with their probabilities.
 */
public final class Prediction {

    private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private Prediction() {}

    /** Every image's top classes, in the order given; each is printed as it is predicted. */
    public static Map<Path, Classifications> run(String modelFolder, List<String> images, int top, PrintStream out) {
        if (modelFolder == null || modelFolder.isBlank()) {
            throw new UserError("-Dexp=predict needs -Dmodel=DIR, a saved model's folder, e.g. results/convnet/model");
        }
        if (images.isEmpty()) {
            throw new UserError("-Dexp=predict needs -Dimage=FILE[,FILE...] or -Dimage=FOLDER");
        }
        // Every image is read before the model is loaded: a bad one ends the run at once.
        Map<Path, Image> read = new LinkedHashMap<>();
        for (Path file : imageFiles(images)) {
            read.put(file, readImage(file));
        }
        // No graph for inference (libtorch records one by default), as in every evaluation of the suite.
        Engine.getInstance();
        JniUtils.setGradMode(false);
        Map<Path, Classifications> predictions = new LinkedHashMap<>();
        try (SavedModel.Loaded model = SavedModel.load(UserPath.parse(modelFolder),
                        settings -> Models.block(ExperimentSpec.parse("saved", "spec.json", withoutName(settings))));
                Predictor<Image, Classifications> predictor = model.model().newPredictor(model.translator())) {
            List<Path> files = List.copyOf(read.keySet());
            List<Image> batch = new ArrayList<>(read.values());
            if (batch.size() == 1) {
                // A batch of one sends libtorch's convolutions to NNPACK, which prints a warning
                // on CPUs it does not support: predict a batch of two, the image twice.
                batch.add(batch.get(0));
            }
            List<Classifications> classes = predictor.batchPredict(batch);
            for (int i = 0; i < files.size(); i++) {
                predictions.put(files.get(i), classes.get(i));
                out.println(describe(files.get(i), classes.get(i), top));
            }
        } catch (TranslateException e) {
            throw new UserError("cannot predict: " + e.getMessage(), e);
        }
        return predictions;
    }

    /** "cat.png: cat 62.1%, dog 20.3%, frog 5.0%". */
    static String describe(Path image, Classifications classes, int top) {
        List<String> best = classes.topK(top).stream()
                .map(c -> String.format(Locale.ROOT, "%s %.1f%%", c.getClassName(), 100 * c.getProbability()))
                .toList();
        return UserPath.shown(image) + ": " + String.join(", ", best);
    }

    /** The files named, a folder standing for the images in it. */
    static List<Path> imageFiles(List<String> names) {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path path = UserPath.parse(name);
            if (Files.isDirectory(path)) {
                List<Path> inFolder;
                try (Stream<Path> list = Files.list(path)) {
                    inFolder = list.filter(Prediction::isImageName).sorted().toList();
                } catch (IOException e) {
                    throw new UserError("cannot list " + UserPath.shown(path) + ": " + e.getMessage(), e);
                }
                if (inFolder.isEmpty()) {
                    throw new UserError("no images (" + String.join(", ", IMAGE_EXTENSIONS) + ") in "
                            + UserPath.shown(path));
                }
                files.addAll(inFolder);
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new UserError("no image at " + UserPath.shown(path) + ": the file does not exist");
            }
        }
        return files;
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static Image readImage(Path file) {
        try {
            return ImageFactory.getInstance().fromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new UserError(UserPath.shown(file) + " is not an image DJL can read (PNG, JPEG, BMP, GIF): "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, String> withoutName(Map<String, String> settings) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.remove("name");
        return copy;
    }
}
