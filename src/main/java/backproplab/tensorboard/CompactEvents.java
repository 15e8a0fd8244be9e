package backproplab.tensorboard;

import backproplab.results.AtomicFiles;
import backproplab.results.RunFolder;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -Dexp=compact}: a run's event files without their images and histograms, for a results
 * folder kept in git. What they showed stays beside them: the figures as PNG files, the layer
 * statistics in diagnostics.csv; every scalar, the settings and the hparams session stay in the
 * files. Each file is written whole in place of the old one, so a stop leaves every file whole.
 */
public final class CompactEvents {

    private CompactEvents() {}

    /** Compacts the event files of {@code run}; returns those it rewrote (none that held nothing to leave out). */
    public static List<Path> compact(RunFolder run) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Path file : EventFile.existing(run.path())) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<byte[]> before = EventFile.records(file);
            List<byte[]> after = new ArrayList<>();
            for (byte[] record : before) {
                byte[] kept = EventRewrite.values(record, CompactEvents::withoutPictures);
                if (kept != null) {
                    after.add(kept);
                }
            }
            // A value left out makes the file shorter; one re-encoded keeps its length (its fields
            // may come in another order), so a compacted file is not written again.
            if (length(after) < length(before)) {
                AtomicFiles.write(file, target -> EventFile.writeAll(target, after));
                written.add(file);
            }
        }
        return written;
    }

    /** A value as it is, or null for an image or a histogram. */
    private static UnknownFieldSet withoutPictures(UnknownFieldSet value) {
        return value.hasField(Events.VALUE_IMAGE) || value.hasField(Events.VALUE_HISTO) ? null : value;
    }

    private static long length(List<byte[]> records) {
        return records.stream().mapToLong(r -> r.length).sum();
    }
}
