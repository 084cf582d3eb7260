package org.diffusion4j.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Loads a folder of images for training ({@link ImageFolderListing} says which files and classes): each image decoded,
 * composited onto the background, centre-cropped and resized ({@link ImageResampler}), the result cached under
 * {@code CACHE_ROOT/images/} so the next run with the same files and settings decodes nothing.
 *
 * <p>A file that cannot be decoded is skipped with one line {@code skipped FILE: why}, and the last line says how many
 * of how many were skipped, so nothing is lost silently. A folder where no file decodes is an error.
 */
public final class ImageFolderLoader {

    /** Sub-folder of the cache root that holds prepared folders. */
    public static final String CACHE_FOLDER = "images";

    private final ImageFolderCache cache;
    private final Consumer<String> messages;
    private final ImageDecoder decoder = new ImageDecoder();
    private int decodes;

    /**
     * @param cacheRoot the user cache, e.g. {@link DataSettings#defaultCacheRoot}; prepared folders go to its
     *                  {@value #CACHE_FOLDER} sub-folder
     * @param messages  receives the skip lines and the summary line
     */
    public ImageFolderLoader(Path cacheRoot, Consumer<String> messages) {
        this.cache = new ImageFolderCache(cacheRoot.resolve(CACHE_FOLDER));
        this.messages = messages;
    }

    /** A loader caching under this user's cache folder ({@code $XDG_CACHE_HOME/diffusion4j} or {@code ~/.cache/diffusion4j}). */
    public static ImageFolderLoader withUserCache(Consumer<String> messages) {
        return new ImageFolderLoader(DataSettings.defaultCacheRoot(System.getenv(), Path.of(System.getProperty("user.home"))),
                messages);
    }

    /** Files this loader has decoded so far; a load served from the cache adds none. */
    public int decodes() {
        return decodes;
    }

    public ImageFolderDataset load(Path root, ImageFolderSettings settings) {
        ImageFolderListing listing = ImageFolderListing.scan(root);
        String key = ImageFolderCache.key(listing, settings);
        Path cacheFile = cache.fileFor(root, settings);
        Optional<ImageFolderCache.Contents> cached = cache.read(cacheFile, key);
        if (cached.isPresent()) {
            ImageFolderCache.Contents contents = cached.get();
            contents.skipped().forEach(messages);
            messages.accept(summary(root, contents) + " (prepared before, from " + cacheFile + ")");
            return contents.dataset();
        }
        ImageFolderCache.Contents contents = decodeAll(listing, settings);
        try {
            cache.write(cacheFile, key, contents);
        } catch (IOException | RuntimeException e) {
            messages.accept("note: could not cache the prepared images in " + cacheFile + " (" + e.getMessage()
                    + "); the next run decodes them again");
        }
        messages.accept(summary(root, contents));
        return contents.dataset();
    }

    private ImageFolderCache.Contents decodeAll(ImageFolderListing listing, ImageFolderSettings settings) {
        int size = settings.imageSize();
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean colour = false;
        for (ImageFolderListing.ImageFile file : listing.files()) {
            byte[] rgb;
            try {
                decodes++;
                rgb = ImageResampler.fit(decoder.decode(file.path()), settings.background(), size);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                String line = "skipped " + file.path() + ": " + reason(e);
                skipped.add(line);
                messages.accept(line);
                continue;
            }
            colour = colour || hasColour(rgb);
            images.add(rgb);
            labels.add(file.label());
        }
        if (images.isEmpty()) {
            throw new DataException("none of the " + listing.files().size() + " image files in " + listing.root()
                    + " could be decoded (see the skipped lines); replace them with readable " + ImageFolderListing.extensionList() + " files");
        }
        int channels = settings.channels() != ImageFolderSettings.AUTO_CHANNELS ? settings.channels() : colour ? 3 : 1;
        int length = size * size * channels;
        byte[] pixels = new byte[Math.multiplyExact(images.size(), length)];
        for (int i = 0; i < images.size(); i++) {
            if (channels == 3) {
                System.arraycopy(images.get(i), 0, pixels, i * length, length);
            } else {
                toGrey(images.get(i), pixels, i * length);
            }
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageFolderCache.Contents(ImageFolderDataset.ofUint8(pixels, labelArray, listing.classNames(), size, channels),
                skipped, listing.files().size());
    }

    private static String summary(Path root, ImageFolderCache.Contents contents) {
        ImageFolderDataset data = contents.dataset();
        int skipped = contents.skipped().size();
        List<String> names = data.classNames();
        String classes = names.size() == 1 ? "1 class" : names.size() + " classes (" + (names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", ...") + ")";
        return String.format(Locale.ROOT, "read %d images in %s from %s as %dx%d %s; skipped %d of %d files", data.size(), classes,
                root, data.imageSize(), data.imageSize(), data.channels() == 3 ? "RGB" : "grey", skipped, contents.files());
    }

    private static String reason(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "too large to decode in this Java heap; shrink the image or raise -Xmx";
        }
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static boolean hasColour(byte[] rgb) {
        for (int p = 0; p < rgb.length; p += 3) {
            if (rgb[p] != rgb[p + 1] || rgb[p + 1] != rgb[p + 2]) {
                return true;
            }
        }
        return false;
    }

    /** Rec. 601 luma, the weights JPEG and most grey conversions use; grey RGB (r = g = b) keeps its value exactly. */
    /** Luma (ITU-R BT.601) of RGB bytes, as the grey images a folder trains on. */
    static void toGrey(byte[] rgb, byte[] into, int at) {
        for (int p = 0, q = at; p < rgb.length; p += 3, q++) {
            int r = rgb[p] & 0xff;
            int g = rgb[p + 1] & 0xff;
            int b = rgb[p + 2] & 0xff;
            into[q] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
        }
    }
}
