package backproplab.config;

/**
 * A change made to each training image before a step sees it ({@code -Daugment}), as
 * torchvision's transforms make it; never to the images evaluated.
 */
public enum Augmentation implements Choice {
    /** A horizontal flip of half the images, as {@code RandomHorizontalFlip()}. */
    FLIP("flip"),
    /** A random 32x32 crop of the image padded by 4 pixels a side, as {@code RandomCrop(32, padding=4)}. */
    CROP("crop");

    private final String key;

    Augmentation(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
