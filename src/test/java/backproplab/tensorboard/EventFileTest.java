package backproplab.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
