package org.diffusion4j.models.runs;

import java.util.List;

/**
 * Which images a run trains on, saved beside its configuration so that a resumed run splits and shuffles
 * the same images instead of whatever the resuming command line would pick by default.
 *
 * @param dataset    the data set's name (mnist or fashion-mnist), or {@value #FOLDER} for a folder of images
 * @param imageLimit the first N training images only (0: all of them)
 * @param folder     how a folder of images was prepared; null for MNIST-format data sets (and in runs saved before
 *                   folders could be trained on)
 */
public record DataSpec(String dataset, int imageLimit, Folder folder) {

    /** The {@code dataset} of a run trained on a folder of images. */
    public static final String FOLDER = "folder";

    /** An MNIST-format data set. */
    public DataSpec(String dataset, int imageLimit) {
        this(dataset, imageLimit, null);
    }

    /** A folder of images. */
    public static DataSpec of(Folder folder) {
        return new DataSpec(FOLDER, 0, folder);
    }

    /** Whether the run reads a folder of images (not named isFolder: Jackson would write that as a second "folder"). */
    public boolean readsFolder() {
        return folder != null;
    }

    /**
     * A folder of images as the run read it; the settings are what the network was built for, channels resolved.
     *
     * @param path       the folder, absolute
     * @param imageSize  side of the square images
     * @param channels   1 or 3
     * @param background what transparency was composited onto: white, black or #rrggbb
     * @param randomFlip whether training flipped images left to right at random
     * @param classNames the class sub-folders in label order (one name, the folder's, when there were none)
     */
    public record Folder(String path, int imageSize, int channels, String background, boolean randomFlip, List<String> classNames) {

        public Folder {
            classNames = classNames == null ? List.of() : List.copyOf(classNames);
        }
    }
}
