package backproplab.manual;

import ai.djl.ndarray.NDArray;

/**
 * One layer of the hand-written network: {@code forward} caches what {@code backward} needs, and
 * {@code backward} turns dL/d(output) into dL/d(input) from that cache alone. Everything either
 * creates lives in the manager of its argument, i.e. the caller's per-step manager.
 */
public interface ManualModule {

    /** Output for a batch {@code x} (B, features); caches what backward reads. */
    NDArray forward(NDArray x);

    /** dL/dx for dL/d(output) {@code dout}, for the batch seen by the last forward. */
    NDArray backward(NDArray dout);
}
