package org.diffusion4j.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The image files of a folder and their classes, as torchvision's ImageFolder and Keras'
 * image_dataset_from_directory see them: each first-level sub-folder is a class, classes sorted by name, and the
 * images anywhere below a class folder belong to it. A folder without sub-folders is one class named after it.
 *
 * <p>Images directly in the root beside class folders are refused rather than made a class of their own: which
 * class they should be is the user's choice, and guessing would shift every label. Hidden files and folders
 * (names starting with '.') are not looked at, so a {@code .git} or {@code .DS_Store} is no class and no image.
 *
 * @param root       the folder, as given
 * @param classNames the class folders' names, sorted; label i is classNames[i]
 * @param files      the image files, sorted by class then path
 */
public record ImageFolderListing(Path root, List<String> classNames, List<ImageFile> files) {

    /** File name endings read, compared without regard to case. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    /**
     * One image file with what tells whether it changed since it was cached.
     *
     * @param relative its path below the root with '/' separators, the same on every system
     */
    public record ImageFile(Path path, String relative, int label, long size, long modifiedMillis) {
    }

    public ImageFolderListing {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
    }

    /** Lists the images below {@code root}; fails in one line when there is no folder or no image. */
    public static ImageFolderListing scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException("image folder " + root + " does not exist" + (Files.exists(root) ? " (it is a file)" : "")
                    + "; give a folder of " + extensionList() + " images, with one sub-folder per class for labels");
        }
        List<Path> classDirs = children(root).stream().filter(Files::isDirectory).sorted(byName()).toList();
        List<Path> looseImages = children(root).stream().filter(ImageFolderListing::isImageFile).sorted(byName()).toList();
        if (!classDirs.isEmpty() && !looseImages.isEmpty()) {
            throw new DataException(root + " holds images (" + looseImages.get(0).getFileName() + (looseImages.size() > 1
                    ? " and " + (looseImages.size() - 1) + " more" : "") + ") beside class sub-folders; move them into a sub-folder"
                    + " (a class of their own) or out of " + root);
        }
        List<String> classNames = new ArrayList<>();
        List<ImageFile> files = new ArrayList<>();
        if (classDirs.isEmpty()) {
            String name = root.toAbsolutePath().normalize().getFileName() == null ? "images"
                    : root.toAbsolutePath().normalize().getFileName().toString();
            classNames.add(name);
            addImages(root, looseImages, 0, files);
        } else {
            for (Path classDir : classDirs) {
                List<Path> images = imagesBelow(classDir);
                if (images.isEmpty()) {
                    throw new DataException("class folder " + classDir + " holds no " + extensionList()
                            + " images; add some or remove the folder, since every sub-folder of " + root + " is a class");
                }
                addImages(root, images, classNames.size(), files);
                classNames.add(classDir.getFileName().toString());
            }
        }
        if (files.isEmpty()) {
            throw new DataException("no images in " + root + ": looked for " + extensionList()
                    + " files (any case); put the images there, or one sub-folder of them per class");
        }
        return new ImageFolderListing(root, classNames, files);
    }

    /** ".png, .jpg, .jpeg, .gif or .bmp", for messages. */
    public static String extensionList() {
        return String.join(", ", EXTENSIONS.subList(0, EXTENSIONS.size() - 1)) + " or " + EXTENSIONS.get(EXTENSIONS.size() - 1);
    }

    static boolean isImageFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith) && Files.isRegularFile(file);
    }

    private static void addImages(Path root, List<Path> images, int label, List<ImageFile> into) {
        for (Path image : images) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(image, BasicFileAttributes.class);
                String relative = root.relativize(image).toString().replace(image.getFileSystem().getSeparator(), "/");
                into.add(new ImageFile(image, relative, label, attributes.size(), attributes.lastModifiedTime().toMillis()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the attributes of " + image + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<Path> imagesBelow(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !hiddenBelow(dir, p)).filter(ImageFolderListing::isImageFile)
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hiddenBelow(Path dir, Path file) {
        for (Path part : dir.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Comparator<Path> byName() {
        return Comparator.comparing(p -> p.getFileName().toString());
    }
}
