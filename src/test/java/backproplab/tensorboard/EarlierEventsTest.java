package backproplab.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results folder of an earlier version of the suite, whose runs kept their event files in
 * {@code <run>/tensorboard/} under the tags it wrote then: -Dexp=figures and a resume move them
 * into the run's folder under today's tags, and TensorBoard reads the same values there.
 */
class EarlierEventsTest {

    /** The tags the earlier versions wrote, by today's (their train loss and accuracy were at evaluations). */
    private static final Map<String, String> EARLIER_TAGS = Map.ofEntries(Map.entry("Loss/train", "train/loss"),
            Map.entry("Accuracy/train", "train/accuracy"), Map.entry("Loss/test", "test/loss"),
            Map.entry("Accuracy/test", "test/accuracy"), Map.entry("Accuracy/test_best", "test/best_accuracy"),
            Map.entry("optimizer/learning_rate", "train/learning_rate"), Map.entry("system/ms_per_step",
                    "time/ms_per_step"), Map.entry("system/elapsed_s", "time/elapsed_s"),
            Map.entry("system/resident_mb", "memory/resident_mb"));

    /** A short run of six steps, evaluated every two, its layers recorded every two. */
    private static Map<String, String> run(Path out, String... keyValues) {
        List<String> settings = new ArrayList<>(List.of("steps", "6", "evalEvery", "2"));
        settings.addAll(List.of(keyValues));
        return TensorBoardTest.shortRun(out, settings.toArray(String[]::new));
    }

    @Test
    void theFiguresRedrawMovesThemIntoTheRunsFolderWithTheirValues(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("mlp-djl");
        TensorBoardView today = trainedThenMadeEarlier(tmp);
        Files.writeString(run.resolve("tensorboard/notes.txt"), "the user's");
        assertTrue(new TensorBoardView(run).files.isEmpty());
        assertFalse(new TensorBoardView(run.resolve("tensorboard")).tags().contains("Loss/train"));

        Main.run(Map.of("exp", "figures", "out", tmp.toString()), quiet());
        TensorBoardView moved = new TensorBoardView(run);
        assertEquals(today.files.stream().map(Path::getFileName).toList(),
                moved.files.stream().map(Path::getFileName).toList(), "each file under its own name");
        // The same values at the same steps, under the same tags; the experiment record is today's anew.
        TensorBoardView.assertSameValues(today, moved, List.of("_hparams_/experiment", "figures/"));
        assertEquals(today.byStep("_hparams_/experiment").keySet(), moved.byStep("_hparams_/experiment").keySet());
        TensorBoardTest.assertFiguresAt(moved, run, 6L);
        assertEquals(List.of("notes.txt"), list(run.resolve("tensorboard")), "the user's file stays, and its folder");

        Main.run(Map.of("exp", "figures", "out", tmp.toString()), quiet());
        TensorBoardView.assertSameValues(moved, new TensorBoardView(run), List.of());
    }

    /** A stop after the new files were written and before the earlier ones went: the next redraw moves them again. */
    @Test
    void aMoveStoppedHalfWayIsMadeAgain(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("mlp-djl");
        TensorBoardView today = trainedThenMadeEarlier(tmp);
        Path earlier = list(run.resolve("tensorboard")).stream().map(run.resolve("tensorboard")::resolve)
                .findFirst().orElseThrow();
        Files.copy(earlier, run.resolve(earlier.getFileName()));

        Main.run(Map.of("exp", "figures", "out", tmp.toString()), quiet());
        TensorBoardView moved = new TensorBoardView(run);
        assertEquals(1, moved.files.size());
        TensorBoardView.assertSameValues(today, moved, List.of("_hparams_/experiment", "figures/"));
        assertFalse(Files.exists(run.resolve("tensorboard")), "nothing of the user's in it: gone");
    }

    /** A resumed run of an earlier version: its events moved in, then one file more; every step once. */
    @Test
    void aResumedRunMovesThemInAndShowsEveryStepOnce(@TempDir Path tmp) throws IOException {
        Main.run(run(tmp.resolve("resumed"), "steps", "4"), quiet());
        Path run = tmp.resolve("resumed/mlp-djl");
        asAnEarlierVersionWroteThem(run);
        Main.run(run(tmp.resolve("resumed"), "resume", "true"), quiet());
        Main.run(run(tmp.resolve("straight")), quiet());

        assertFalse(Files.exists(run.resolve("tensorboard")));
        TensorBoardView resumed = new TensorBoardView(run);
        assertEquals(List.of(0L, 5L), resumed.starts);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), List.copyOf(resumed.scalars("Loss/train").keySet()));
        TensorBoardView.assertSameValues(new TensorBoardView(tmp.resolve("straight/mlp-djl")), resumed,
                List.of("system/", "settings", "_hparams_", "figures/"));
    }

    /** A short run of mlp-djl in {@code out}, its event files then as an earlier version wrote them; returns today's. */
    private static TensorBoardView trainedThenMadeEarlier(Path out) throws IOException {
        Main.run(run(out), quiet());
        Path run = out.resolve("mlp-djl");
        TensorBoardView today = new TensorBoardView(run);
        asAnEarlierVersionWroteThem(run);
        return today;
    }

    /**
     * Moves the run's event files into {@code tensorboard/}, each record's tags as earlier versions
     * named them: {@code Loss/train} as {@code train/loss}, {@code layers/update_ratio/linear1} as
     * {@code update_ratio/linear1}.
     */
    private static void asAnEarlierVersionWroteThem(Path run) throws IOException {
        Path folder = Files.createDirectories(run.resolve("tensorboard"));
        for (Path file : new TensorBoardView(run).files) {
            ByteArrayOutputStream earlier = new ByteArrayOutputStream();
            for (byte[] record : TensorBoardView.records(file)) {
                frame(earlier, earlierTags(record));
            }
            Files.write(folder.resolve(file.getFileName()), earlier.toByteArray());
            Files.delete(file);
        }
    }

    private static final byte[] PALETTE_PNG = palettePng();

    private static byte[] palettePng() {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED), "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] earlierTags(byte[] record) throws IOException {
        UnknownFieldSet event = UnknownFieldSet.parseFrom(record);
        if (!event.hasField(5)) {
            return record;
        }
        UnknownFieldSet summary = UnknownFieldSet.parseFrom(event.getField(5).getLengthDelimitedList().get(0));
        UnknownFieldSet.Field.Builder values = UnknownFieldSet.Field.newBuilder();
        for (ByteString bytes : summary.getField(1).getLengthDelimitedList()) {
            TensorBoardView.Value value = new TensorBoardView.Value(0, "", UnknownFieldSet.parseFrom(bytes));
            String tag = TensorBoardView.string(value.fields(), 1);
            String earlier = tag.startsWith("layers/") ? tag.substring("layers/".length())
                    : EARLIER_TAGS.getOrDefault(tag, tag);
            UnknownFieldSet.Builder renamed = value.fields().toBuilder().clearField(1).addField(1, UnknownFieldSet.Field
                    .newBuilder().addLengthDelimited(ByteString.copyFromUtf8(earlier)).build());
            if (value.has(4)) {
                // Their images were 256-colour PNGs: one of 2 x 2 pixels stands for them.
                UnknownFieldSet image = value.message(4).toBuilder().clearField(4).addField(4, UnknownFieldSet.Field
                        .newBuilder().addLengthDelimited(ByteString.copyFrom(PALETTE_PNG)).build()).build();
                renamed.clearField(4).addField(4, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(image.toByteString()).build());
            }
            values.addLengthDelimited(renamed.build().toByteString());
        }
        UnknownFieldSet renamed = UnknownFieldSet.newBuilder().addField(1, values.build()).build();
        return event.toBuilder().clearField(5).addField(5, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(renamed.toByteString()).build()).build().toByteArray();
    }

    /** TFRecord's framing, written out here apart from the suite's own. */
    private static void frame(ByteArrayOutputStream out, byte[] record) {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(record.length).array();
        out.writeBytes(length);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(TensorBoardView.maskedCrc(length))
                .array());
        out.writeBytes(record);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(TensorBoardView.maskedCrc(record))
                .array());
    }

    private static List<String> list(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
