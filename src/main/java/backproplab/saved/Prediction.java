package backproplab.saved;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.TranslateException;
import backproplab.config.ExperimentSpec;
import backproplab.nn.NetworkBlock;
import backproplab.results.RunLayout;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code -Dexp=predict -Dsaved=DIR -Dimage=a.png,b.jpg|FOLDER [-Dtop=K]}: a saved model, loaded
 * with DJL's {@code Model}, predicts each image through a DJL {@code Predictor} (any size: resized
 * to 32x32, then the course's preprocessing) and prints its top classes with their probabilities.
 * The images go through it a batch at a time, each decoded only when its batch comes, and a large
 * one decoded subsampled ({@link ImageFiles#readRgb}).
 */
public final class Prediction {

    /**
     * Images per forward pass: few enough that their 32x32 copies weigh nothing, enough that a
     * folder does not run one pass per image.
     */
    static final int BATCH = 16;

    private Prediction() {}

    /**
     * Every image's top classes, in the order given; each is printed as it is predicted.
     *
     * @param images file or folder names, none of them empty ({@code Options} refuses those)
     */
    public static Map<Path, Classifications> run(Path modelFolder, List<String> images, int top, PrintStream out) {
        if (modelFolder == null) {
            throw new UserError("-Dexp=predict needs -Dsaved=DIR, a saved model's folder, e.g. results/convnet/model");
        }
        SavedModel.checkFolder(modelFolder);
        if (images.isEmpty()) {
            throw new UserError("-Dexp=predict needs -Dimage=FILE[,FILE...] or -Dimage=FOLDER");
        }
        // A file named twice is predicted once: the map returned holds it once.
        List<Path> files = ImageFiles.list(images).stream().distinct().toList();
        // Every file's header is read before the model is loaded: a file that is not an image ends
        // the run at once. The pixels wait for the file's batch, so that a folder of photos never
        // holds more than one of them at full size.
        files.forEach(ImageFiles::checkHeader);
        // No graph for inference (libtorch records one by default), as in every evaluation of the suite.
        Engine.getInstance();
        JniUtils.setGradMode(false);
        Map<Path, Classifications> predictions = new LinkedHashMap<>();
        try (SavedModel.Loaded model = SavedModel.load(modelFolder,
                        settings -> NetworkBlock.of(ExperimentSpec.ofSaved(RunLayout.MODEL_SPEC, settings).hyper().network()));
                Predictor<Image, Classifications> predictor = model.model().newPredictor(model.translator())) {
            for (int from = 0; from < files.size(); from += BATCH) {
                List<Path> part = files.subList(from, Math.min(from + BATCH, files.size()));
                List<Classifications> classes = predictor.batchPredict(small(part));
                for (int i = 0; i < part.size(); i++) {
                    predictions.put(part.get(i), classes.get(i));
                    out.println(describe(part.get(i), classes.get(i), top));
                }
            }
        } catch (TranslateException e) {
            throw new UserError("cannot predict: " + e.getMessage(), e);
        }
        return predictions;
    }

    /** The files' images, each decoded, made 8-bit RGB and brought to 32x32 before the next is read. */
    private static List<Image> small(List<Path> files) {
        List<Image> images = new ArrayList<>();
        for (Path file : files) {
            images.add(CifarTranslator.atSide(ImageFactory.getInstance().fromImage(ImageFiles.readRgb(file))));
        }
        if (images.size() == 1) {
            // A batch of one sends libtorch's convolutions to NNPACK, which prints a warning
            // on CPUs it does not support: predict a batch of two, the image twice.
            images.add(images.get(0));
        }
        return images;
    }

    /** "cat.png: cat 62.1%, dog 20.3%, frog 5.0%". */
    static String describe(Path image, Classifications classes, int top) {
        List<String> best = classes.topK(top).stream()
                .map(c -> String.format(Locale.ROOT, "%s %.1f%%", c.getClassName(), 100 * c.getProbability()))
                .toList();
        return UserPath.shown(image) + ": " + String.join(", ", best);
    }
}
