package backproplab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import backproplab.util.UserPath;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * CIFAR-10 as the course prepared it: images flattened to (N, 3072) in CHW order, raw 0-255
 * values minus the training set's per-pixel mean image (no scaling), labels as int64. Everything
 * stays in native memory, so a batch is a slice or a gather, never a copy through Java.
 */
public final class CifarData implements AutoCloseable {

    public static final int CLASSES = 10;
    /** The class names in label order, as the data set's batches.meta.txt gives them. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    public static final int PIXELS = 3 * 32 * 32;

    private final NDManager manager;
    private final NDArray trainImages;
    private final NDArray trainLabels;
    private final NDArray testImages;
    private final NDArray testLabels;
    private final NDArray meanImage;
    private final String source;
    private final String fingerprint;

    private CifarData(
            NDManager manager,
            NDArray trainImages,
            NDArray trainLabels,
            NDArray testImages,
            NDArray testLabels,
            NDArray meanImage,
            String source,
            String fingerprint) {
        this.manager = manager;
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
        this.meanImage = meanImage;
        this.source = source;
        this.fingerprint = fingerprint;
    }

    /**
     * Loads CIFAR-10 as {@link #load(NDManager, Path)} does, telling {@code out} what it loads and
     * how long it took.
     *
     * @param shown the folder as the user gave it
     */
    public static CifarData load(NDManager parent, Path localFolder, String shown, PrintStream out) {
        long start = System.nanoTime();
        out.println("loading " + (localFolder == null ? "CIFAR-10 (download)" : shown) + " ...");
        CifarData data = load(parent, localFolder);
        out.printf("loaded %d training and %d test images in %.1f s%n",
                data.trainSize(), data.testSize(), (System.nanoTime() - start) / 1e9);
        return data;
    }

    /**
     * Loads CIFAR-10 into a sub-manager of {@code parent}.
     *
     * @param localFolder a local folder (checked first), or null to let DJL download the data set
     */
    public static CifarData load(NDManager parent, Path localFolder) {
        CifarFiles.Records records = localFolder != null ? CifarFiles.read(localFolder) : CifarDownload.fetch();
        String source = localFolder != null
                ? "CIFAR-10 binaries from " + UserPath.shown(localFolder)
                : "CIFAR-10 downloaded by DJL basicdataset";
        String fingerprint = fingerprint(records);
        NDManager manager = parent.newSubManager();
        try {
            NDArray[] train = arrays(manager, records.train());
            NDArray[] test = arrays(manager, records.test());
            // The course subtracts the training set's mean image from both sets.
            NDArray meanImage = train[0].mean(new int[] {0});
            train[0].subi(meanImage);
            test[0].subi(meanImage);
            return new CifarData(manager, train[0], train[1], test[0], test[1], meanImage, source, fingerprint);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * SHA-256 of every training record, then every test record, as read: what a checkpoint
     * compares to tell a resume on other data, wherever the files are.
     */
    private static String fingerprint(CifarFiles.Records records) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(records.train().records().duplicate());
            digest.update(records.test().records().duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns {images (N, 3072) float32, labels (N) int64} attached to {@code manager}. A record's
     * pixel bytes are already the R, G and B planes one after another: CHW order, flattened.
     */
    private static NDArray[] arrays(NDManager manager, CifarFiles.Split split) {
        try (NDManager scratch = manager.newSubManager()) {
            // Created from a direct buffer, with no NDArray.set (which makes libtorch print a
            // deprecation warning on every run).
            NDArray raw = scratch.create(split.records(), new Shape(split.count(), CifarFiles.RECORD_BYTES),
                    DataType.UINT8);
            NDArray images = raw.get(new NDIndex(":, 1:")).toType(DataType.FLOAT32, false);
            NDArray labels = raw.get(new NDIndex(":, 0")).toType(DataType.INT64, false);
            images.attach(manager);
            labels.attach(manager);
            return new NDArray[] {images, labels};
        }
    }

    public NDArray trainImages() {
        return trainImages;
    }

    public NDArray trainLabels() {
        return trainLabels;
    }

    public NDArray testImages() {
        return testImages;
    }

    public NDArray testLabels() {
        return testLabels;
    }

    /** The training set's per-pixel mean image (3072), which the preprocessing subtracts: a saved model keeps it. */
    public NDArray meanImage() {
        return meanImage;
    }

    /** The raw pixels (0-255, CHW) of test image {@code i}, as the file holds them: for drawing it. */
    public float[] rawTestImage(int i) {
        try (NDArray raw = testImages.get(i).add(meanImage)) {
            return raw.toFloatArray();
        }
    }

    public long trainSize() {
        return trainImages.getShape().get(0);
    }

    public long testSize() {
        return testImages.getShape().get(0);
    }

    /** SHA-256 of the records, training set then test set: the data's identity, whatever its path. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Where the data came from, written beside every result. */
    public String source() {
        return source;
    }

    @Override
    public void close() {
        manager.close();
    }
}
