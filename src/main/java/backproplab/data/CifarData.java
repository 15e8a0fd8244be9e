package backproplab.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.translate.TranslateException;
import backproplab.util.UserError;
import java.io.IOException;
import java.nio.file.Path;

/**
 * CIFAR-10 as the course prepared it: images flattened to (N, 3072) in CHW order, raw 0-255
 * values minus the training set's per-pixel mean image (no scaling), labels as int64. Everything
 * stays in native memory, so a batch is a slice or a gather, never a copy through Java.
 */
public final class CifarData implements AutoCloseable {

    public static final int CLASSES = 10;
    public static final int PIXELS = 3 * 32 * 32;

    private final NDManager manager;
    private final NDArray trainImages;
    private final NDArray trainLabels;
    private final NDArray testImages;
    private final NDArray testLabels;
    private final String source;

    private CifarData(
            NDManager manager,
            NDArray trainImages,
            NDArray trainLabels,
            NDArray testImages,
            NDArray testLabels,
            String source) {
        this.manager = manager;
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
        this.source = source;
    }

    /**
     * Loads CIFAR-10 into a sub-manager of {@code parent}.
     *
     * @param localFolder a local folder (checked first), or null to let DJL download the data set
     */
    public static CifarData load(NDManager parent, Path localFolder) {
        Repository repository = null;
        String source = "CIFAR-10 downloaded by DJL basicdataset";
        if (localFolder != null) {
            CifarFiles files = CifarFiles.check(localFolder);
            repository = Repository.newInstance("cifar10", files.directory());
            source = "CIFAR-10 binaries from " + localFolder.toAbsolutePath().normalize();
        }
        NDManager manager = parent.newSubManager();
        try {
            NDArray[] train = read(manager, repository, Usage.TRAIN);
            NDArray[] test = read(manager, repository, Usage.TEST);
            // The course subtracts the training set's mean image from both sets.
            try (NDArray meanImage = train[0].mean(new int[] {0})) {
                train[0].subi(meanImage);
                test[0].subi(meanImage);
            }
            return new CifarData(manager, train[0], train[1], test[0], test[1], source);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Returns {images (N, 3072) float32, labels (N) int64} attached to {@code manager}. */
    private static NDArray[] read(NDManager manager, Repository repository, Usage usage) {
        try (NDManager scratch = manager.newSubManager()) {
            Cifar10.Builder builder =
                    Cifar10.builder().optUsage(usage).optManager(scratch).setSampling(1, false);
            if (repository != null) {
                builder.optRepository(repository);
            }
            Cifar10 dataset = builder.build();
            dataset.prepare();
            Batch all = dataset.getByRange(scratch, 0, dataset.size());
            NDList data = all.getData();
            // DJL gives (N, 32, 32, 3); the course's networks read (N, 3, 32, 32) flattened.
            NDArray images = data.head().transpose(0, 3, 1, 2).reshape(-1, PIXELS);
            NDArray labels = all.getLabels().head().toType(DataType.INT64, false);
            images.attach(manager);
            labels.attach(manager);
            return new NDArray[] {images, labels};
        } catch (IOException | TranslateException e) {
            throw new UserError(
                    "cannot read CIFAR-10 ("
                            + usage.name().toLowerCase()
                            + " set): "
                            + e.getMessage()
                            + ": "
                            + CifarFiles.HOW_TO_GET,
                    e);
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

    public long trainSize() {
        return trainImages.getShape().get(0);
    }

    public long testSize() {
        return testImages.getShape().get(0);
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
