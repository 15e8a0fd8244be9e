package backproplab.results;

import java.util.ArrayList;
import java.util.List;

/**
 * What to save when the JVM is stopped in the middle of a run (Ctrl-C, SIGTERM). The JVM starts
 * its shutdown hooks all at once, in no order; here one hook runs the registered actions one after
 * another, the most recently registered first, as try-with-resources would close them: a run's
 * files before the figures drawn from them, the figures before the folder's lock is released.
 */
public final class OnInterrupt {

    private static final List<Runnable> ACTIONS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OnInterrupt::runAll, "save-on-interrupt"));
    }

    private OnInterrupt() {}

    /** A registered action; closing it unregisters it (the run ended normally). */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public static Registration register(Runnable action) {
        synchronized (ACTIONS) {
            ACTIONS.add(action);
        }
        return () -> {
            synchronized (ACTIONS) {
                ACTIONS.remove(action);
            }
        };
    }

    private static void runAll() {
        List<Runnable> pending;
        synchronized (ACTIONS) {
            pending = new ArrayList<>(ACTIONS);
            ACTIONS.clear();
        }
        for (int i = pending.size() - 1; i >= 0; i--) {
            try {
                pending.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("interrupted: " + e.getMessage());
            }
        }
    }
}
