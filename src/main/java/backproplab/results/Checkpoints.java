package backproplab.results;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import backproplab.config.RecordedSettings;
import backproplab.data.BatchStream;
import backproplab.diagnostics.Diagnostics;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import backproplab.train.Learner;
import backproplab.train.LearnerState;
import backproplab.train.StepLoop;
import backproplab.util.Fault;
import backproplab.util.UserError;
import backproplab.util.UserPath;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run's checkpoint, from which {@code -Dresume=true} continues as if the run had never stopped:
 * the learner's state (parameters, running statistics, optimizer state) and the batch order in
 * {@code state-<step>.ndlist} (DJL's NDList encoding), and {@code checkpoint.json} with the step,
 * the optimizer's step count, the batch stream's position and random state, the evaluations so
 * far and the settings. The state file is written whole first, then checkpoint.json is replaced
 * atomically to name it, then older state files go: a crash or {@code kill -9} at any moment
 * leaves the previous complete checkpoint.
 */
public final class Checkpoints {

    public static final String FILE = RunLayout.CHECKPOINT_FILE;
    /** Bytes buffered between the state file and the encoder. */
    private static final int BUFFER = 1 << 20;

    /**
     * checkpoint.json.
     *
     * @param state the state file, in the same folder
     * @param stateSha256 its checksum, to tell a damaged file
     * @param updates the optimizer's step count
     * @param streamRandom the batch stream's random generator, serialized, Base64
     * @param confusions the test set's confusion matrix at each evaluation, by step
     * @param settings the run's settings, to tell a resume with other settings
     * @param dataSha256 the data it trained on ({@code CifarData#fingerprint}), to tell a resume on other data
     * @param diagnostics the layer statistics recorded up to this step (null in a checkpoint written before
     *     they were recorded)
     * @param checksum SHA-256 of this record's JSON without the checksum, to tell an edited or damaged file
     */
    public record Checkpoint(
            int step,
            String state,
            String stateSha256,
            long stateBytes,
            int updates,
            int streamPosition,
            int streamEpoch,
            String streamRandom,
            double trainSeconds,
            double elapsedSeconds,
            List<EvalPoint> evaluations,
            Map<Integer, long[][]> confusions,
            Map<String, String> settings,
            String writtenAt,
            String dataSha256,
            Diagnostics diagnostics,
            String checksum) {

        Checkpoint withChecksum(String sum) {
            return new Checkpoint(step, state, stateSha256, stateBytes, updates, streamPosition, streamEpoch,
                    streamRandom,
                    trainSeconds, elapsedSeconds, evaluations, confusions, settings, writtenAt, dataSha256, diagnostics,
                    sum);
        }

        /** The checksum of everything but the checksum, as the JSON writes it. */
        String computedChecksum() {
            MessageDigest digest = sha256();
            return HexFormat.of().formatHex(digest.digest(
                    Json.gson().toJson(withChecksum(null)).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private final Path folder;
    private final RecordedSettings settings;
    private final String dataSha256;
    private final int every;
    private final int steps;
    private final Consumer<String> report;
    private int lastStep;

    /**
     * @param every the fewest steps between two checkpoints (one is written at the first
     *     evaluation that far from the last one, but never at the last step: the model is saved then)
     * @param from the step the run starts from (0, or the step it resumes at)
     * @param report told of each checkpoint written: its size and how long it took
     */
    public Checkpoints(Path folder, RecordedSettings settings, String dataSha256, int every, int steps, int from,
            Consumer<String> report) {
        this.folder = folder;
        this.settings = settings;
        this.dataSha256 = dataSha256;
        this.every = every;
        this.steps = steps;
        this.report = report;
        this.lastStep = from;
    }

    public void onEvaluation(EvalPoint point, StepLoop loop) {
        // Not at the evaluation of a diverged step: its parameters are no longer numbers (a test loss
        // that is not finite shows it when the last update itself diverged).
        if (point.step() - lastStep >= every && point.step() < steps && Double.isFinite(point.trainLoss())
                && Double.isFinite(point.testLoss())) {
            try {
                long start = System.nanoTime();
                long bytes = write(folder, settings, dataSha256, loop);
                report.accept(String.format(Locale.ROOT, "checkpoint at step %d: %.0f MB in %.2f s, in %s",
                        point.step(), bytes / 1e6, (System.nanoTime() - start) / 1e9, UserPath.shown(folder)));
            } catch (IOException e) {
                // The run stops here, its previous checkpoint whole: it continues from there once the
                // cause is gone, where a run that went on would lose every step after it at its end.
                throw Fault.unchecked(folder, e);
            }
            lastStep = point.step();
        }
    }

    /** Writes the loop's and its learner's state at this evaluation into {@code folder}; returns the bytes written. */
    public static long write(Path folder, RecordedSettings settings, String dataSha256, StepLoop loop)
            throws IOException {
        Files.createDirectories(folder);
        StepLoop.State state = loop.state();
        Learner learner = loop.learner();
        String stateFile = String.format("state-%06d.ndlist", state.step());
        NDList arrays = new NDList(learner.state());
        MessageDigest digest = sha256();
        try (NDManager scratch = learner.state().get(0).getManager().newSubManager()) {
            NDArray order = scratch.create(state.stream().order());
            arrays.add(order);
            // Streamed to the file, never whole in the Java heap: a heap grown once to hold a
            // few hundred MB stays that large, and the run's resident memory with it.
            AtomicFiles.write(folder.resolve(stateFile), file -> {
                try (OutputStream out = new DigestOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(file), BUFFER), digest)) {
                    arrays.encode(out);
                }
            });
        }
        long stateBytes = Files.size(folder.resolve(stateFile));
        Checkpoint checkpoint = new Checkpoint(state.step(), stateFile, HexFormat.of().formatHex(digest.digest()),
                stateBytes, learner.updates(), state.stream().position(), state.stream().epoch(),
                Base64.getEncoder().encodeToString(state.stream().random()), state.trainSeconds(),
                state.elapsedSeconds(), state.points(), confusionCounts(state.confusions()), settings.asMap(),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(), dataSha256,
                state.diagnostics(), null);
        Json.write(folder.resolve(FILE), checkpoint.withChecksum(checkpoint.computedChecksum()));
        RunLayout.deleteFiles(folder, RunLayout.Kind.CHECKPOINT, "state-[0-9]+\\.ndlist", stateFile);
        return stateBytes + Files.size(folder.resolve(FILE));
    }

    /**
     * Deletes a checkpoint: checkpoint.json first, so that a halt part-way leaves no
     * checkpoint.json naming a state file already gone.
     */
    public static void delete(Path folder) throws IOException {
        Files.deleteIfExists(folder.resolve(FILE));
        RunLayout.delete(folder, RunLayout.Kind.CHECKPOINT);
    }

    /** The checkpoint in {@code folder}, checked whole; null when there is none. */
    public static Checkpoint read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Json.gson().fromJson(Files.readString(file), Checkpoint.class);
        } catch (IOException | RuntimeException e) {
            throw damaged(file, "not a checkpoint (" + UserError.firstLine(e.getMessage()) + ")");
        }
        if (checkpoint == null || checkpoint.state() == null || checkpoint.stateSha256() == null
                || checkpoint.streamRandom() == null || checkpoint.evaluations() == null
                || checkpoint.confusions() == null || checkpoint.settings() == null) {
            throw damaged(file, "parts of it are missing");
        }
        if (checkpoint.checksum() == null) {
            throw damaged(file, "its checksum is missing (edited or damaged)");
        }
        if (!checkpoint.checksum().equals(checkpoint.computedChecksum())) {
            throw damaged(file, "its content differs from what was written (edited or damaged: its checksum"
                    + " does not match)");
        }
        return checkpoint;
    }

    /**
     * Checks the state file a checkpoint names against the size and checksum written, reading it
     * through once; returns it.
     *
     * @throws UserError when it is missing, truncated or damaged
     */
    public static Path verifyState(Path folder, Checkpoint checkpoint) {
        Path file = folder.resolve(checkpoint.state());
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER),
                digest)) {
            in.transferTo(OutputStream.nullOutputStream());
            checkState(file, checkpoint, digest);
        } catch (IOException e) {
            throw damaged(file, "cannot be read (" + e.getMessage() + ")");
        }
        return file;
    }

    /**
     * Puts the learner and the loop where the checkpoint left them, from its state file read once:
     * decoded and checked against its checksum in the same pass (it was checked whole before the
     * run began; a file changed since is refused before anything of it is used).
     *
     * @throws UserError when the state file is missing, damaged or does not fit the network
     */
    public static void restore(Path folder, Checkpoint checkpoint, Learner learner, StepLoop loop, NDManager manager) {
        Path file = folder.resolve(checkpoint.state());
        MessageDigest digest = sha256();
        try (NDManager scratch = manager.newSubManager();
                InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER),
                        digest)) {
            NDList arrays = NDList.decode(scratch, in);
            in.transferTo(OutputStream.nullOutputStream());
            checkState(file, checkpoint, digest);
            long[] order = arrays.remove(arrays.size() - 1).toLongArray();
            LearnerState.restore(learner, arrays, checkpoint.updates());
            loop.restore(new StepLoop.State(checkpoint.step(), checkpoint.evaluations(),
                    confusions(checkpoint.confusions()),
                    new BatchStream.State(checkpoint.streamPosition(), checkpoint.streamEpoch(), order,
                            Base64.getDecoder().decode(checkpoint.streamRandom())),
                    checkpoint.trainSeconds(), checkpoint.elapsedSeconds(), checkpoint.diagnostics()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw damaged(file, "it does not fit this network: " + e.getMessage());
        } catch (IOException e) {
            throw damaged(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** @throws UserError when the state file read through {@code digest} is not the one the checkpoint wrote */
    private static void checkState(Path file, Checkpoint checkpoint, MessageDigest digest) throws IOException {
        long bytes = Files.size(file);
        if (bytes != checkpoint.stateBytes()
                || !HexFormat.of().formatHex(digest.digest()).equals(checkpoint.stateSha256())) {
            throw damaged(file, bytes != checkpoint.stateBytes()
                    ? "it holds " + bytes + " bytes where " + checkpoint.stateBytes() + " were written (truncated?)"
                    : "its checksum differs from the one written (damaged)");
        }
    }

    private static Map<Integer, long[][]> confusionCounts(Map<Integer, Confusion> confusions) {
        Map<Integer, long[][]> counts = new LinkedHashMap<>();
        confusions.forEach((step, confusion) -> counts.put(step, confusion.counts()));
        return counts;
    }

    private static Map<Integer, Confusion> confusions(Map<Integer, long[][]> counts) {
        Map<Integer, Confusion> confusions = new LinkedHashMap<>();
        counts.forEach((step, matrix) -> confusions.put(step, new Confusion(matrix)));
        return confusions;
    }

    private static UserError damaged(Path file, String why) {
        return new UserError("checkpoint " + UserPath.shown(file) + ": " + why
                + "; delete the folder it is in to start the run afresh");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
