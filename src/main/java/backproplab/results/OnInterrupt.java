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
    /** Set once the JVM has begun to stop: no new run may start then. */
    private static volatile boolean stopping;

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

    /**
     * Whether the JVM is being stopped (Ctrl-C, SIGTERM): the saves of the runs under way are
     * running, and the process ends when they are done.
     */
    public static boolean stopping() {
        return stopping;
    }

    /**
     * Called before a run starts: while the JVM is being stopped, the calling thread waits for
     * the end instead of starting work (a next experiment would empty its folder, then be cut off).
     */
    public static void waitIfStopping() {
        while (stopping) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the JVM ends all the same
            }
        }
    }

    private static void runAll() {
        stopping = true;
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
