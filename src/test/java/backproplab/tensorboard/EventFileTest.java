package backproplab.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import backproplab.results.SmallDisk;
import backproplab.util.Fault;
import backproplab.util.UserPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileTest {

    /**
     * CRC-32C's published check value, CRC-32C("123456789") = 0xE3069283 (RFC 3720, B.4), masked
     * as TFRecord masks it: rotated right by 15 bits, plus 0xa282ead8.
     */
    @Test
    void theCrcIsCrc32cMasked() {
        int expected = Integer.rotateRight(0xE3069283, 15) + 0xa282ead8;
        byte[] le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(expected).array();
        assertArrayEquals(le, EventFile.crc("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    /** A later file sorts after every earlier one, even made within the same second. */
    @Test
    void aNewFileIsNamedAfterTheOthers(@TempDir Path tmp) throws Exception {
        Path later;
        try (EventFile first = EventFile.create(tmp); EventFile second = EventFile.create(tmp)) {
            later = second.path();
            assertEquals(List.of(first.path(), second.path()), EventFile.existing(tmp));
        }
        try (EventFile third = EventFile.create(tmp)) {
            assertEquals(third.path(), EventFile.existing(tmp).get(2));
            assertEquals(1, third.path().getFileName().toString().compareTo(later.getFileName().toString()) > 0 ? 1 : 0);
        }
        // Each holds one whole record, the file version, with both CRCs right.
        for (Path file : EventFile.existing(tmp)) {
            assertEquals(1, TensorBoardView.records(file).size());
        }
        Files.writeString(tmp.resolve("events.out.tfevents.notes"), "not the suite's");
        assertEquals(3, EventFile.existing(tmp).size(), "only the names the suite gives");
    }

    /**
     * A full disk (a tmpfs filled to its last page) takes records into the room left in the
     * file's last page until one crosses into a page it has no more of: that record, written in
     * part, is cut off again, and every record before it reads back whole, as TensorBoard reads them.
     */
    @Test
    void aRecordTheDiskCannotHoldIsCutOffAndEveryRecordBeforeItReads(@TempDir Path tmp) throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "1m")) {
            Path folder = Files.createDirectories(disk.root().resolve("tensorboard"));
            Map<Long, Float> written = new LinkedHashMap<>();
            IOException failure;
            Path path;
            try (EventFile file = EventFile.create(folder)) {
                path = file.path();
                for (long step = 1; step <= 3; step++) {
                    write(file, step, written);
                }
                disk.fill();
                failure = writeUntilTheDiskRefuses(file, written);
            }
            assertTrue(written.size() > 3, "records went into the last page's room first: " + written.size());
            String words = Fault.of(failure).getMessage();
            assertTrue(words.startsWith("no space left on the device that holds " + UserPath.shown(path) + ":"), words);
            // Each record's framing and both CRCs checked, none cut.
            assertEquals(written, new TensorBoardView(folder).scalars("train/loss"));
            assertEquals(1 + written.size(), TensorBoardView.records(path).size(), "the file version, then each step");
        }
    }

    /** Records written until the disk refuses one (a page holds a hundred at most). */
    private static IOException writeUntilTheDiskRefuses(EventFile file, Map<Long, Float> written) {
        for (long step = written.size() + 1; step < 10_000; step++) {
            try {
                write(file, step, written);
            } catch (IOException e) {
                return e;
            }
        }
        return fail("the disk took every record");
    }

    /** A step's scalar, added to {@code written} once the file took it. */
    private static void write(EventFile file, long step, Map<Long, Float> written) throws IOException {
        float loss = 2 + step / 64f;
        file.write(Events.summary(EventFile.now(), step, List.of(Events.scalar("train/loss", loss))));
        written.put(step, loss);
    }
}
