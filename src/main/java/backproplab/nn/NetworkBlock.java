package backproplab.nn;

import ai.djl.nn.Block;
import backproplab.config.Network;
import backproplab.data.CifarData;

/** The DJL block of a network trained by autograd, for CIFAR-10's images and classes. */
public final class NetworkBlock {

    private NetworkBlock() {}

    /** The block of {@code network}, not yet initialized. */
    public static Block of(Network network) {
        if (network instanceof Network.Mlp mlp) {
            return Mlp.build(CifarData.PIXELS, mlp.hidden(), CifarData.CLASSES, Nonlinearity.of(mlp.activation()),
                    mlp.batchNorm(), mlp.dropout(), mlp.init());
        }
        if (network instanceof Network.ConvNet) {
            return ConvNet.build(CifarData.CLASSES);
        }
        throw new IllegalArgumentException(network.kind().key() + " is not a DJL block");
    }
}
