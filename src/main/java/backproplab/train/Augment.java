package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import backproplab.config.Augmentation;
import java.util.List;

/**
 * The augmentations of a training batch, drawn from libtorch's generator (which the step loop
 * seeds at each such step): a horizontal flip of each image with probability 1/2, and a random
 * 32x32 crop of each image padded by {@value #PAD} pixels a side. The images are mean-subtracted
 * already, so the padding is the mean image's value (0), where torchvision's pads black.
 */
public final class Augment {

    /** Pixels added on each side before a crop, as {@code RandomCrop(32, padding=4)}. */
    static final int PAD = 4;
    private static final int SIDE = 32;
    private static final int CHANNELS = 3;

    private Augment() {}

    /** {@code images} (B, 3072) with each of {@code augment} applied in turn, in {@code manager}. */
    public static NDArray apply(NDArray images, List<Augmentation> augment, NDManager manager) {
        long batch = images.getShape().get(0);
        NDArray x = images.reshape(batch, CHANNELS, SIDE, SIDE);
        for (Augmentation augmentation : augment) {
            x = switch (augmentation) {
                case FLIP -> flip(x, manager.randomUniform(0, 1, new Shape(batch)).lt(0.5f).toBooleanArray());
                case CROP -> crop(x, manager.randomInteger(0, 2 * PAD + 1, new Shape(batch, 2), DataType.INT32)
                        .toIntArray());
            };
        }
        return x.reshape(batch, (long) CHANNELS * SIDE * SIDE);
    }

    /** Images (B, C, H, W) with those {@code which} marks mirrored left to right. */
    static NDArray flip(NDArray images, boolean[] which) {
        // DJL's where takes a condition of the images' own shape.
        NDArray mask = images.getManager().create(which).reshape(which.length, 1, 1, 1).broadcast(images.getShape());
        return NDArrays.where(mask, images.flip(3), images);
    }

    /**
     * Images (B, C, 32, 32), each padded by {@value #PAD} a side and cut back to 32x32 from row
     * {@code offsets[2i]}, column {@code offsets[2i+1]} of the padded image (0 to 8; 4 and 4 is
     * the image as it was).
     */
    static NDArray crop(NDArray images, int[] offsets) {
        int batch = Math.toIntExact(images.getShape().get(0));
        int side = SIDE + 2 * PAD;
        NDArray padded = images.pad(new Shape(PAD, PAD, PAD, PAD), 0).reshape(batch, CHANNELS, (long) side * side);
        // One gather for the whole batch (a slice per image costs more than the small MLP's step):
        // pixel (r, k) of image i's crop is pixel (row + r, column + k) of its padded image.
        long[] at = new long[batch * SIDE * SIDE];
        for (int i = 0; i < batch; i++) {
            for (int r = 0; r < SIDE; r++) {
                for (int k = 0; k < SIDE; k++) {
                    at[(i * SIDE + r) * SIDE + k] = (long) (offsets[2 * i] + r) * side + offsets[2 * i + 1] + k;
                }
            }
        }
        NDArray index = images.getManager().create(at, new Shape(batch, 1, (long) SIDE * SIDE))
                .broadcast(batch, CHANNELS, (long) SIDE * SIDE);
        return padded.gather(index, 2).reshape(batch, CHANNELS, SIDE, SIDE);
    }
}
