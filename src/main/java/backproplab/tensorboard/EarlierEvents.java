package backproplab.tensorboard;

import backproplab.results.AtomicFiles;
import backproplab.results.RunFigure;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A run's event files as earlier versions of the suite wrote them, in {@code <run>/tensorboard/}
 * (TensorBoard then named the run {@code <run>/tensorboard}), brought into the run's folder as the
 * suite writes them now: each file under its own name, each record as it was but for its tags
 * ({@link Tags#current}), the hparams experiment (the one every run now writes) and the figures
 * (the PNG files beside, as they are now). What the files hold stays: the steps, the wall times,
 * the histograms, the session's start and end.
 *
 * <p>Every file is written whole in its new place before any earlier one is deleted: a stop on
 * the way leaves the earlier files, which the next move writes again over the new ones.
 */
public final class EarlierEvents {

    private EarlierEvents() {}

    /**
     * Moves the run's earlier event files into its folder, when it has any.
     *
     * @param experiment a run's description, whose hyperparameters the experiment record lists
     *     (the same for every run: any run's gives it)
     * @return the files written
     */
    public static List<Path> moveIn(RunFolder run, TensorBoardLog.Description experiment) throws IOException {
        Path earlier = run.earlierTensorboard();
        if (!Files.isDirectory(earlier, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> written = new ArrayList<>();
        for (Path file : EventFile.existing(earlier)) {
            List<byte[]> records = new ArrayList<>();
            for (byte[] record : EventFile.records(file)) {
                // Every value is kept (renamed, or replaced): no record is left out.
                records.add(EventRewrite.values(record, value -> upgraded(value, run, experiment)));
            }
            Path moved = run.path().resolve(file.getFileName().toString());
            AtomicFiles.write(moved, target -> EventFile.writeAll(target, records));
            written.add(moved);
        }
        RunLayout.delete(earlier, RunLayout.Kind.TENSORBOARD);
        return written;
    }

    private static UnknownFieldSet upgraded(UnknownFieldSet value, RunFolder run,
            TensorBoardLog.Description experiment) throws IOException {
        String tag = EventRewrite.tag(value);
        if (tag.equals(Events.HParams.EXPERIMENT_TAG)) {
            return UnknownFieldSet.parseFrom(TensorBoardLog.experimentRecord(experiment).toByteArray());
        }
        Optional<RunFigure> figure = Arrays.stream(RunFigure.values())
                .filter(f -> tag.equals(f.tensorBoardTag())).findFirst();
        if (figure.isPresent() && value.hasField(Events.VALUE_IMAGE)
                && Files.isRegularFile(figure.get().in(run), LinkOption.NOFOLLOW_LINKS)) {
            return UnknownFieldSet.parseFrom(Events.image(tag, Files.readAllBytes(figure.get().in(run))).toByteArray());
        }
        return value.toBuilder().clearField(Events.VALUE_TAG).addField(Events.VALUE_TAG, UnknownFieldSet.Field
                .newBuilder().addLengthDelimited(ByteString.copyFromUtf8(Tags.current(tag))).build()).build();
    }
}
