package backproplab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import backproplab.results.SmallDisk;
import backproplab.saved.SavedModel;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * -Dsaved for predict and analyse: a path that is no saved model's folder is refused in one line
 * before anything is read or written, and analyse refuses a model it cannot write beside before
 * the model loads.
 */
class SavedFolderTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @TempDir
    static Path out;
    static Path model;

    @BeforeAll
    static void trainAModel() {
        Main.run(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "2", "batchSize", "20", "out", out.toString()),
                new PrintStream(new ByteArrayOutputStream()));
        model = out.resolve("mlp-djl").resolve(SavedModel.FOLDER);
    }

    /**
     * The root folder, a file, an empty folder, a folder of something else, a path that does not
     * exist: each refused in one line that names it and the option to give, before the images
     * (here a file that does not exist) or the data are looked at; nothing is written. A run's
     * folder is refused with its model folder named.
     */
    @ParameterizedTest
    @ValueSource(strings = {"predict", "analyse"})
    void aPathThatIsNotASavedModelsFolderIsRefusedInOneLineBeforeAnythingIsRead(String exp, @TempDir Path tmp)
            throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "a file");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(photos.resolve("cat.txt"), "not a model");
        Map<String, String> before = listing(tmp);
        for (Path saved : List.of(Path.of("/"), file, empty, photos, tmp.resolve("missing"))) {
            String message = refusal(exp, saved, tmp);
            assertTrue(message.startsWith(UserPath.shown(saved) + " is not a saved model of this suite: ")
                    && message.endsWith("; give -Dsaved=<out>/<id>/model, the model folder of a finished run"), message);
        }
        Path run = model.getParent();
        assertEquals(UserPath.shown(run) + " is not a saved model of this suite: it is a run's folder; give -Dsaved="
                + UserPath.shown(model) + ", its model folder", refusal(exp, run, tmp));
        assertEquals(before, listing(tmp), "nothing written");
    }

    /**
     * A model on a read-only disk (a tmpfs remounted read-only: root writes through a file's
     * permissions): analyse, which writes beside it, is refused in one line before anything is
     * evaluated; predict, which writes nothing, predicts with it.
     */
    @Test
    void analyseBesideAModelOnAReadOnlyDiskIsRefusedBeforeItLoadsAndPredictWorks(@TempDir Path tmp) throws Exception {
        try (SmallDisk small = SmallDisk.mount(tmp.resolve("disk"), "16m")) {
            Path disk = small.root();
            Path copy = disk.resolve(SavedModel.FOLDER);
            try (Stream<Path> files = Files.walk(model)) {
                for (Path source : files.toList()) {
                    Files.copy(source, copy.resolve(model.relativize(source).toString()));
                }
            }
            small.readOnly();
            assertThrows(IOException.class, () -> Files.writeString(disk.resolve("probe"), "x"), "a read-only disk");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            UserError e = assertThrows(UserError.class, () -> Main.run(Map.of("exp", "analyse", "saved", copy.toString(),
                    "data", FIXTURE), new PrintStream(printed, true, StandardCharsets.UTF_8)));
            assertEquals("cannot write the analysis beside the model: " + UserPath.shown(disk) + " is not writable"
                    + " (a read-only disk, or its permissions); copy the model folder into a folder you can write"
                    + " and analyse it there", e.getMessage());
            assertEquals("", printed.toString(StandardCharsets.UTF_8), "no data loaded, nothing evaluated");

            Path picture = tmp.resolve("picture.png");
            ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", picture.toFile());
            ByteArrayOutputStream predicted = new ByteArrayOutputStream();
            Main.run(Map.of("exp", "predict", "saved", copy.toString(), "image", picture.toString()),
                    new PrintStream(predicted, true, StandardCharsets.UTF_8));
            assertTrue(predicted.toString(StandardCharsets.UTF_8).startsWith(UserPath.shown(picture) + ": "),
                    predicted.toString(StandardCharsets.UTF_8));
        }
    }

    /** The message of the UserError that -Dexp={@code exp} -Dsaved={@code saved} ends in, printing nothing. */
    private static String refusal(String exp, Path saved, Path tmp) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        UserError e = assertThrows(UserError.class, () -> Main.run(Map.of("exp", exp, "saved", saved.toString(),
                "image", tmp.resolve("no-such.png").toString(), "data", tmp.resolve("no-data").toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8)), saved.toString());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("-Dmodel"), e.getMessage());
        assertEquals(0, printed.size(), "nothing printed for " + saved);
        return e.getMessage();
    }

    /** Every path under {@code root} with its content ("folder" for a folder). */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                entries.put(root.relativize(path).toString(), Files.isDirectory(path) ? "folder"
                        : Files.readString(path, StandardCharsets.ISO_8859_1));
            }
        }
        return entries;
    }
}
