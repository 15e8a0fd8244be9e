package backproplab.config;

/**
 * A change made to each training image before a step sees it ({@code -Daugment}), as
 * torchvision's transforms make it; never to the images evaluated.
 */
public enum Augmentation implements Choice {
    /** A horizontal flip of half the images, as {@code RandomHorizontalFlip()}. */
    FLIP,
    /** A random 32x32 crop of the image padded by 4 pixels a side, as {@code RandomCrop(32, padding=4)}. */
    CROP
}
