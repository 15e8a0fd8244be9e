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
                // 3x3 windows, stride 2, padding 1: (side + 2 - 3) / 2 + 1
                side = (side - 1) / 2 + 1;
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
                net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
                continue;
            }
            net.add(PyTorchInit.apply(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optStride(new Shape(1, 1))
                    .optPadding(new Shape(1, 1))
                    .setFilters(filters)
                    .build(), channels * 9L));
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
