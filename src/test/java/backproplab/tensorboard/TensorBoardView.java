package backproplab.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A run's event files read back as TensorBoard reads them, for the tests: each record's framing
 * and CRCs checked, each Event parsed with protobuf's own parser (by field number, as
 * tensorboard/compat/proto/event.proto and summary.proto number them), the files in name order,
 * and a session log START after the first dropping every event seen so far from its step on.
 */
public final class TensorBoardView {

    /** A Summary.Value as read: the tag, its step, and the one field it carries. */
    public record Value(long step, String tag, UnknownFieldSet fields) {

        float simpleValue() {
            return Float.intBitsToFloat(fields.getField(2).getFixed32List().get(0));
        }

        /** A text summary's string: the first of its tensor's string values, UTF-8. */
        public String text() {
            return message(8).getField(8).getLengthDelimitedList().get(0).toString(StandardCharsets.UTF_8);
        }

        UnknownFieldSet message(int field) {
            return parse(fields.getField(field).getLengthDelimitedList().get(0));
        }

        boolean has(int field) {
            return fields.hasField(field);
        }

        /** The plugin data's name and content (SummaryMetadata.plugin_data), or null without metadata. */
        String pluginName() {
            return has(9) ? string(parse(message(9).getField(1).getLengthDelimitedList().get(0)), 1) : null;
        }

        UnknownFieldSet pluginContent() {
            return parse(parse(message(9).getField(1).getLengthDelimitedList().get(0)).getField(2)
                    .getLengthDelimitedList().get(0));
        }
    }

    /** The events of the folder as TensorBoard keeps them, in reading order. */
    public final List<Value> values = new ArrayList<>();
    /** Steps of the session log STARTs, in reading order. */
    public final List<Long> starts = new ArrayList<>();
    public final List<Path> files;

    public TensorBoardView(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().contains("tfevents")).sorted().toList();
        }
        for (Path file : files) {
            boolean first = true;
            for (byte[] record : records(file)) {
                UnknownFieldSet event = parse(ByteString.copyFrom(record));
                if (first) {
                    assertEquals("brain.Event:2", string(event, 3), file + ": its first event gives the file version");
                    first = false;
                    continue;
                }
                long step = event.hasField(2) ? event.getField(2).getVarintList().get(0) : 0;
                if (event.hasField(7)) {
                    UnknownFieldSet log = parse(event.getField(7).getLengthDelimitedList().get(0));
                    assertEquals(1L, log.getField(1).getVarintList().get(0), "a session log START");
                    if (!starts.isEmpty()) {
                        values.removeIf(v -> v.step() >= step);
                    }
                    starts.add(step);
                }
                if (event.hasField(5)) {
                    UnknownFieldSet summary = parse(event.getField(5).getLengthDelimitedList().get(0));
                    for (ByteString v : summary.getField(1).getLengthDelimitedList()) {
                        UnknownFieldSet value = parse(v);
                        values.add(new Value(step, string(value, 1), value));
                    }
                }
            }
        }
    }

    /** The values of {@code tag}, by step; a step twice fails. */
    public Map<Long, Value> byStep(String tag) {
        Map<Long, Value> steps = new TreeMap<>();
        for (Value v : values) {
            if (v.tag().equals(tag)) {
                assertTrue(steps.put(v.step(), v) == null, tag + " at step " + v.step() + " twice");
            }
        }
        return steps;
    }

    /** A scalar's values by step. */
    public Map<Long, Float> scalars(String tag) {
        Map<Long, Float> scalars = new LinkedHashMap<>();
        byStep(tag).forEach((step, v) -> scalars.put(step, v.simpleValue()));
        return scalars;
    }

    public List<String> tags() {
        return values.stream().map(Value::tag).distinct().toList();
    }

    /** The records of a TFRecord file, each length and each record checked against its masked CRC-32C. */
    static List<byte[]> records(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (bytes.hasRemaining()) {
            byte[] length = new byte[8];
            bytes.get(length);
            assertEquals(maskedCrc(length), bytes.getInt(), file + ": the length's CRC");
            byte[] record = new byte[Math.toIntExact(ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong())];
            bytes.get(record);
            assertEquals(maskedCrc(record), bytes.getInt(), file + ": the record's CRC");
            records.add(record);
        }
        return records;
    }

    /** TFRecord's masked CRC-32C, written out here apart from the suite's own. */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return Integer.rotateRight(c, 15) + 0xa282ead8;
    }

    static UnknownFieldSet parse(ByteString bytes) {
        try {
            return UnknownFieldSet.parseFrom(bytes);
        } catch (IOException e) {
            throw new AssertionError("not a protocol buffer: " + e.getMessage(), e);
        }
    }

    static String string(UnknownFieldSet message, int field) {
        return message.getField(field).getLengthDelimitedList().get(0).toString(StandardCharsets.UTF_8);
    }

    static double float64(UnknownFieldSet message, int field) {
        return Double.longBitsToDouble(message.getField(field).getFixed64List().get(0));
    }

    /** A packed repeated double field. */
    static double[] packedFloat64(UnknownFieldSet message, int field) {
        ByteBuffer packed = message.getField(field).getLengthDelimitedList().get(0).asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[packed.remaining() / Double.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = packed.getDouble();
        }
        return values;
    }

    /** Checks two views hold the same values (tags, steps and fields) but for the tags {@code except} starts. */
    public static void assertSameValues(TensorBoardView expected, TensorBoardView actual, List<String> except) {
        List<Value> a = expected.values.stream().filter(v -> except.stream().noneMatch(v.tag()::startsWith)).toList();
        List<Value> b = actual.values.stream().filter(v -> except.stream().noneMatch(v.tag()::startsWith)).toList();
        assertEquals(a.stream().map(v -> v.step() + " " + v.tag()).toList(),
                b.stream().map(v -> v.step() + " " + v.tag()).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).fields().toByteArray(), b.get(i).fields().toByteArray(),
                    a.get(i).step() + " " + a.get(i).tag());
        }
    }
}
