package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import backproplab.manual.ManualSgd;
import java.nio.ByteBuffer;

/**
 * Section 1's plain SGD step, W -= lr * dW, in one pass over libtorch's memory of W and dW: the
 * values of libtorch's mul then sub (float products and differences, in the same order), without
 * the product's temporary array and its second pass: on the course's MLP a fifth off the update
 * phase (docs/speed.md, "What changed"). Arrays that are not float32 (the float64 gradient
 * checks) go through the NDArray operations.
 */
public final class FusedDescent implements ManualSgd.Descent {

    @Override
    public void step(NDArray parameter, NDArray gradient, double learningRate) {
        if (parameter.getDataType() != DataType.FLOAT32 || gradient.getDataType() != DataType.FLOAT32) {
            ManualSgd.Descent.NDARRAY.step(parameter, gradient, learningRate);
            return;
        }
        // Views of both arrays' own memory: W is a dense array of its own, updated in place.
        ByteBuffer p = ParameterViews.bytes(parameter);
        ByteBuffer g = ParameterViews.bytes(gradient);
        // libtorch casts a double scalar to the tensor's float before multiplying.
        float rate = (float) learningRate;
        int size = p.capacity() / Float.BYTES;
        int from = ParameterViews.VECTOR_API ? VectorLoops.descend(p, g, size, rate) : 0;
        for (int i = from; i < size; i++) {
            int at = i * Float.BYTES;
            p.putFloat(at, p.getFloat(at) - g.getFloat(at) * rate);
        }
    }
}
