package backproplab.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * glibc's malloc, set for training. By default glibc serves each allocation above a threshold (128
 * KB, rising to at most 32 MB as larger blocks are freed) with fresh pages from mmap, and gives the
 * top of its heap back to the system as soon as 128 KB are free there. libtorch allocates and frees
 * the same large buffers every step (the deep MLP's gradients and activations, up to 34 MB each),
 * so every step paid for fresh pages, nearly all of them in the backward pass (what that cost is in
 * docs/how-it-works.md, "Memory"). With both thresholds at 1 GiB those buffers stay in the
 * heap and are reused; the JVM's periodic trim ({@code -XX:TrimNativeHeapInterval} in
 * .mvn/jvm.config) still hands free memory back to the system every few seconds. Only glibc has
 * these settings: elsewhere nothing changes.
 */
public final class NativeAllocator {

    /** mallopt parameters, from glibc's malloc.h. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int ONE_GIB = 1 << 30;
    /** The largest mmap threshold every glibc takes (its documented maximum on 64-bit). */
    private static final int MMAP_THRESHOLD_MAX = 32 << 20;

    /** The part of the C library this needs. */
    private interface LibC extends Library {
        int mallopt(int parameter, int value);
    }

    private NativeAllocator() {}

    /**
     * Sets the thresholds; true when glibc took both. Call before the engine allocates. A glibc
     * that refuses a 1 GiB mmap threshold (older ones cap it at 32 MiB) gets its maximum.
     */
    public static boolean keepLargeBuffersForReuse() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            boolean mmap = libc.mallopt(M_MMAP_THRESHOLD, ONE_GIB) == 1
                    || libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX) == 1;
            boolean trim = libc.mallopt(M_TRIM_THRESHOLD, ONE_GIB) == 1;
            return mmap && trim;
        } catch (UnsatisfiedLinkError e) {
            // A C library without mallopt (musl): its allocator works differently, nothing to set.
            return false;
        }
    }
}
