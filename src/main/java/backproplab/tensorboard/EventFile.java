package backproplab.tensorboard;

import backproplab.results.RunLayout;
import backproplab.results.WholeAppends;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One TensorBoard event file being written: TFRecord framing (the length as 8 bytes little-endian,
 * the masked CRC-32C of those 8 bytes, the record, the masked CRC-32C of the record), a
 * {@code file_version} event first, each record flushed to the file as it is written (so that a
 * run killed at any moment leaves whole records up to its last).
 */
final class EventFile implements AutoCloseable {

    /**
     * {@code events.out.tfevents.<seconds>.backprop-lab}: TensorBoard reads the files of a folder
     * in the order of their names, so a resumed run's file is named after every earlier one.
     */
    static final Pattern NAME = Pattern.compile(RunLayout.EVENT_FILE);

    /** TFRecord's mask, so that a CRC of data holding CRCs is not itself easy to collide. */
    private static final int MASK_DELTA = 0xa282ead8;

    private final Path path;
    private final WholeAppends file;

    private EventFile(Path path) throws IOException {
        this.path = path;
        this.file = WholeAppends.create(path);
        write(Events.fileVersion(now()));
    }

    /** A new file in {@code folder}, named to sort after every event file already there. */
    static EventFile create(Path folder) throws IOException {
        long seconds = System.currentTimeMillis() / 1000;
        for (Path existing : existing(folder)) {
            Matcher m = NAME.matcher(existing.getFileName().toString());
            if (m.matches()) {
                seconds = Math.max(seconds, Long.parseLong(m.group(1)) + 1);
            }
        }
        return new EventFile(folder.resolve(String.format("events.out.tfevents.%010d.backprop-lab", seconds)));
    }

    /** The suite's event files in {@code folder}, in TensorBoard's reading order. */
    static List<Path> existing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    Path path() {
        return path;
    }

    /**
     * Appends one record (an encoded {@code Event}) to the file, at once, or not at all (a full
     * disk): the file ends with a whole record, which a resumed run's next file follows.
     */
    void write(byte[] record) throws IOException {
        file.append(framed(record));
    }

    /** One record as the file holds it: its length, the length's CRC, the record, the record's CRC. */
    private static ByteBuffer framed(byte[] record) {
        byte[] length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(record.length).array();
        return ByteBuffer.allocate(length.length + 2 * Integer.BYTES + record.length)
                .put(length).put(crc(length)).put(record).put(crc(record)).flip();
    }

    /** Writes {@code file} whole: {@code records}, each framed as {@link #write} frames it. */
    static void writeAll(Path file, List<byte[]> records) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (byte[] record : records) {
                ByteBuffer framed = framed(record);
                while (framed.hasRemaining()) {
                    channel.write(framed);
                }
            }
        }
    }

    /**
     * The records of an event file, each checked against its CRCs, up to the first that is not
     * whole (a file cut short: what follows it cannot be framed).
     */
    static List<byte[]> records(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (bytes.remaining() >= Long.BYTES + Integer.BYTES) {
            byte[] length = new byte[Long.BYTES];
            bytes.get(length);
            long size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (bytes.getInt() != ByteBuffer.wrap(crc(length)).order(ByteOrder.LITTLE_ENDIAN).getInt()
                    || size < 0 || size > bytes.remaining() - Integer.BYTES) {
                break;
            }
            byte[] record = new byte[(int) size];
            bytes.get(record);
            if (bytes.getInt() != ByteBuffer.wrap(crc(record)).order(ByteOrder.LITTLE_ENDIAN).getInt()) {
                break;
            }
            records.add(record);
        }
        return records;
    }

    /** The masked CRC-32C of {@code bytes}, little-endian. */
    static byte[] crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int value = (int) crc.getValue();
        int masked = ((value >>> 15) | (value << 17)) + MASK_DELTA;
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array();
    }

    /** Seconds since the epoch, as events carry their wall time. */
    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
