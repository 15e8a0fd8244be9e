package backproplab.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's VGG-like ConvNet: eight 3x3 conv blocks (conv, batch norm, ReLU) and five 3x3
 * stride-2 max pools take 32x32 images to 1x1 with 512 channels; a linear layer gives 10 logits.
 */
public final class ConvNet {

    /** Output channels of each conv block; 0 marks a max pool. */
    static final int[] LAYOUT = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};

    /** Every convolution's window, stride and padding: 3x3, 1 and 1, which keep the images' side. */
    public static final Shape KERNEL = new Shape(3, 3);
    public static final Shape CONV_STRIDE = new Shape(1, 1);
    public static final Shape CONV_PADDING = new Shape(1, 1);
    /** Every max pool's window, stride and padding: 3x3, 2 and 1, which halve the side (rounding up). */
    private static final Shape POOL_WINDOW = new Shape(3, 3);
    private static final Shape POOL_STRIDE = new Shape(2, 2);
    private static final Shape POOL_PADDING = new Shape(1, 1);

    /** One convolution's place in the network: channels in and out, and the side of its images. */
    public record Convolution(int inputs, int outputs, int side) {}

    private ConvNet() {}

    /**
     * The network's convolutions, input side first: channels in and out and the side of the
     * images each sees (each max pool halves it), for 32x32 RGB images.
     */
    public static List<Convolution> convolutions() {
        List<Convolution> convolutions = new ArrayList<>();
        int channels = 3;
        int side = 32;
        for (int filters : LAYOUT) {
            if (filters == 0) {
                side = (int) ((side + 2 * POOL_PADDING.get(0) - POOL_WINDOW.get(0)) / POOL_STRIDE.get(0) + 1);
                continue;
            }
            convolutions.add(new Convolution(channels, filters, side));
            channels = filters;
        }
        return convolutions;
    }

    /** Reads flattened (B, 3072) images, as the data pipeline gives them. */
    public static SequentialBlock build(int classes) {
        SequentialBlock net = new SequentialBlock();
        net.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, 3, 32, 32)), "toImages"));
        int channels = 3;
        for (int filters : LAYOUT) {
            if (filters == 0) {
                net.add(Pool.maxPool2dBlock(POOL_WINDOW, POOL_STRIDE, POOL_PADDING));
                continue;
            }
            net.add(PyTorchInit.apply(Conv2d.builder()
                    .setKernelShape(KERNEL)
                    .optStride(CONV_STRIDE)
                    .optPadding(CONV_PADDING)
                    .setFilters(filters)
                    .build(), channels * KERNEL.size()));
            // DJL's momentum 0.9 is PyTorch's 0.1.
            net.add(BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build());
            net.add(Nonlinearity.RELU.block());
            channels = filters;
        }
        // The report's 1x1 average pool is an identity at this size: only the flatten remains.
        net.add(Blocks.batchFlattenBlock());
        net.add(PyTorchInit.apply(Linear.builder().setUnits(classes).build(), channels));
        return net;
    }
}
