package backproplab.results;

import backproplab.util.Fault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file written as it goes in whole pieces (a line of metrics, a TensorBoard record), each at
 * once: a piece the disk could not take whole (a full disk) is cut off again, so that the file
 * always ends with a whole piece, readable up to there.
 */
public final class WholeAppends implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    /** The length of the file up to its last whole piece. */
    private long whole;

    private WholeAppends(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** A new file, where none of that name is. */
    public static WholeAppends create(Path file) throws IOException {
        return open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** A file written from its start: one of that name is emptied first. */
    public static WholeAppends replace(Path file) throws IOException {
        return open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static WholeAppends open(Path file, OpenOption... options) throws IOException {
        try {
            return new WholeAppends(file, FileChannel.open(file, options));
        } catch (IOException e) {
            throw Fault.at(file, e);
        }
    }

    /**
     * Appends {@code piece} whole, or not at all.
     *
     * @throws IOException naming the file ({@link Fault#at})
     */
    public synchronized void append(ByteBuffer piece) throws IOException {
        try {
            while (piece.hasRemaining()) {
                channel.write(piece);
            }
            whole = channel.position();
        } catch (IOException e) {
            try {
                channel.truncate(whole);
                channel.position(whole);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw Fault.at(file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
