package backproplab.report;

import backproplab.results.Json;
import backproplab.train.Timing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code <out>/bench/<id>.json}: what a benchmark measured, with the command and the machine.
 *
 * @param intervalMsPerStep the mean of each interval of {@link Timing#INTERVAL} steps
 * @param residentMb the process's resident memory at the end
 */
public record BenchSummary(
        String id,
        int steps,
        double msPerStep,
        double imagesPerSecond,
        double forwardMs,
        double backwardMs,
        double updateMs,
        List<Double> intervalMsPerStep,
        int batchSize,
        double residentMb,
        String command,
        String data,
        String djlVersion,
        String engine,
        String java,
        String os,
        int cpus,
        String finishedAt) {

    public static BenchSummary of(String id, Timing timing, int batchSize, double residentMb, String command,
            Summary.Environment env) {
        List<Double> intervals = timing.intervalMsPerStep().stream().map(ms -> Math.round(ms * 100) / 100.0).toList();
        return new BenchSummary(id, timing.steps(), timing.msPerStep(), batchSize * 1000.0 / timing.msPerStep(),
                timing.forwardMs(), timing.backwardMs(), timing.updateMs(), intervals, batchSize, residentMb, command,
                env.data(), env.djlVersion(), env.engine(), env.java(), env.os(), env.cpus(), env.finishedAt());
    }

    public Path write(Path folder) throws IOException {
        Path file = folder.resolve(id + ".json");
        Json.write(file, this);
        return file;
    }
}
