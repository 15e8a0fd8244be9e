package backproplab.experiment;

import backproplab.config.ExperimentSpec;
import backproplab.config.Network;
import backproplab.config.Optimizer;
import backproplab.config.Settings;
import backproplab.data.CifarData;
import backproplab.util.UserError;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an MLP's training needs in memory at the least, told before a run starts: hidden sizes
 * that no machine can hold ({@code -Dhidden=2147483647}) are refused in one line instead of
 * failing inside libtorch after the run's folder was claimed.
 */
final class MemoryEstimate {

    private static final double FLOAT_BYTES = Float.BYTES;

    private MemoryEstimate() {}

    /**
     * A lower bound of the bytes a training of {@code spec} allocates: every weight with its
     * gradient and optimizer state ({@link Optimizer#statePerParameter}, at least one array for the update), and each
     * layer's activations and their gradients for the larger of a training and an evaluation
     * batch. The ConvNet's size is fixed (a few million parameters): 0.
     */
    static double bytes(ExperimentSpec spec) {
        if (!(spec.hyper().network() instanceof Network.Layered layered)) {
            return 0;
        }
        List<Integer> sizes = new ArrayList<>();
        sizes.add(CifarData.PIXELS);
        sizes.addAll(layered.hidden());
        sizes.add(CifarData.CLASSES);
        double parameters = 0;
        double units = 0;
        for (int i = 0; i + 1 < sizes.size(); i++) {
            parameters += (double) sizes.get(i) * sizes.get(i + 1) + sizes.get(i + 1);
            units += sizes.get(i + 1);
        }
        // The weights, their gradients, the update (or the optimizer's own state where it keeps more).
        int state = spec.hyper().network() instanceof Network.Optimized optimized
                ? optimized.optimizer().statePerParameter() : 0;
        int copies = 2 + Math.max(1, state);
        double batch = Math.max(spec.hyper().batchSize(), spec.hyper().evalBatchSize());
        return FLOAT_BYTES * (parameters * copies + 2 * batch * units);
    }

    /** @throws UserError when the estimate exceeds the machine's physical memory */
    static void check(ExperimentSpec spec) {
        double needed = bytes(spec);
        long physical = physicalMemory();
        if (physical > 0 && needed > physical) {
            throw new UserError(String.format(Locale.ROOT, "bad value hidden=%s: training this network needs at least"
                            + " %s (its weights, their gradients and optimizer state, and a batch's activations),"
                            + " more than this machine's %s of memory; choose smaller hidden sizes",
                    Settings.HIDDEN.writeOf(spec), shown(needed),
                    shown(physical)));
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private static String shown(double bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
        int unit = 0;
        while (bytes >= 1000 && unit < units.length - 1) {
            bytes /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    }
}
