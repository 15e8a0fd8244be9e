package backproplab.saved;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * An image of any size to a saved network's class probabilities, preprocessed as the network saw
 * its training images: resized to 32x32, its R, G and B planes flattened (CHW, 0-255) minus the
 * saved mean image (the course's preprocessing), then times the saved scale when the inputs were
 * standardized.
 */
public final class CifarTranslator implements Translator<Image, Classifications> {

    /** The side of the images the networks take. */
    public static final int SIDE = 32;

    private final float[] meanImage;
    /** Null when the pixels are not scaled. */
    private final float[] scale;
    private final List<String> classes;
    private final boolean outputsProbabilities;

    /**
     * @param scale what each pixel is multiplied by after the subtraction; null for nothing
     * @param outputsProbabilities true for the hand-written MLP, whose last layer is a softmax
     */
    public CifarTranslator(float[] meanImage, float[] scale, List<String> classes, boolean outputsProbabilities) {
        this.meanImage = meanImage.clone();
        this.scale = scale == null ? null : scale.clone();
        this.classes = List.copyOf(classes);
        this.outputsProbabilities = outputsProbabilities;
    }

    /** The image at 32x32: itself when it is, else resized by DJL (a copy). */
    public static Image atSide(Image input) {
        return input.getWidth() == SIDE && input.getHeight() == SIDE ? input : input.resize(SIDE, SIDE, true);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Image image = atSide(input);
        // (32, 32, 3) as 0-255 -> (3072): the R plane, then G, then B, as in the data files
        NDArray pixels = image.toNDArray(ctx.getNDManager(), Image.Flag.COLOR)
                .transpose(2, 0, 1)
                .reshape(meanImage.length)
                .toType(DataType.FLOAT32, false);
        NDArray centred = pixels.sub(ctx.getNDManager().create(meanImage));
        return new NDList(scale == null ? centred : centred.muli(ctx.getNDManager().create(scale)));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray outputs = list.singletonOrThrow();
        return new Classifications(classes, outputsProbabilities ? outputs : outputs.softmax(0));
    }

    /** Images are stacked into one batch. */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
