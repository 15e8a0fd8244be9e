package backproplab.tensorboard;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One protocol-buffer message being encoded, field by field, with protobuf's own encoder: the few
 * messages TensorBoard reads are written by field number (see {@link Events}), without generated
 * classes.
 */
final class Proto {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Proto int64(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    Proto int32(int field, int value) {
        return write(() -> out.writeInt32(field, value));
    }

    Proto bool(int field, boolean value) {
        return write(() -> out.writeBool(field, value));
    }

    Proto float64(int field, double value) {
        return write(() -> out.writeDouble(field, value));
    }

    Proto float32(int field, float value) {
        return write(() -> out.writeFloat(field, value));
    }

    Proto string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto bytes(int field, byte[] value) {
        return write(() -> out.writeByteArray(field, value));
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.toByteArray());
    }

    /** A repeated double field, packed (as proto3 writes them). */
    Proto packedFloat64(int field, double[] values) {
        return write(() -> {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(values.length * Double.BYTES);
            for (double v : values) {
                out.writeDoubleNoTag(v);
            }
        });
    }

    byte[] toByteArray() {
        write(out::flush);
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private Proto write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            // Into memory: nothing to fail but a bug.
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
