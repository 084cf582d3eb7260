package org.diffusion4j.core.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Animated GIFs of sampling runs: each frame is a batch drawn as a grid like {@link PngGrid}.
 * Uses only ImageIO's own GIF writer; the frame delay and looping live in the GIF metadata.
 */
public final class GifAnimation {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private GifAnimation() {
    }

    /**
     * One frame per batch. All batches must have the same shape so the frames are the same size.
     *
     * @param delayMillis time each frame stays on screen (GIF stores hundredths of a second)
     * @param loop        repeat forever, or play once and stop on the last frame
     */
    public static void write(List<ImageBatch> frames, int columns, Path file, int delayMillis, int scale,
                             boolean loop) {
        requireSameShapes(frames, "frames");
        List<BufferedImage> pictures = new ArrayList<>(frames.size());
        for (ImageBatch frame : frames) {
            pictures.add(ImageGrid.render(frame, columns, scale));
        }
        writePictures(pictures, file, delayMillis, loop);
    }

    /**
     * Frames showing two grids side by side, e.g. the noisy images x_t on the left and their clean-image
     * estimates on the right (a {@code Trajectory}'s {@code noisyFrames()} and {@code predictedFrames()}).
     */
    public static void writeSideBySide(List<ImageBatch> leftFrames, List<ImageBatch> rightFrames, int columns,
                                       Path file, int delayMillis, int scale, boolean loop) {
        if (leftFrames.size() != rightFrames.size()) {
            throw new IllegalArgumentException("need as many right frames as left ones, got " + leftFrames.size()
                    + " and " + rightFrames.size());
        }
        requireSameShapes(leftFrames, "left frames");
        requireSameShapes(rightFrames, "right frames");
        List<BufferedImage> pictures = new ArrayList<>(leftFrames.size());
        for (int i = 0; i < leftFrames.size(); i++) {
            pictures.add(ImageGrid.sideBySide(ImageGrid.render(leftFrames.get(i), columns, scale),
                    ImageGrid.render(rightFrames.get(i), columns, scale)));
        }
        writePictures(pictures, file, delayMillis, loop);
    }

    /** Writes ready-made pictures of equal size as an animation. Missing parent folders are created. */
    public static void writePictures(List<BufferedImage> pictures, Path file, int delayMillis, boolean loop) {
        if (pictures.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        if (delayMillis < 0) {
            throw new IllegalArgumentException("frame delay must be >= 0 ms, got " + delayMillis);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no GIF writer");
        }
        ImageWriter writer = writers.next();
        try {
            PngGrid.createParentFolders(file);
            Files.deleteIfExists(file); // ImageIO would otherwise leave a longer old file's tail behind
            try (ImageOutputStream output = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(output);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < pictures.size(); i++) {
                    BufferedImage picture = pictures.get(i);
                    // Only the first frame carries the looping extension; it applies to the whole file.
                    IIOMetadata metadata = frameMetadata(writer, picture, delayMillis, loop && i == 0);
                    writer.writeToSequence(new IIOImage(picture, null, metadata), null);
                }
                writer.endWriteSequence();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage picture, int delayMillis,
                                             boolean loopForever) throws IIOInvalidTreeException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromRenderedImage(picture), writer.getDefaultWriteParam());
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);

        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.round(delayMillis / 10.0f)));
        control.setAttribute("transparentColorIndex", "0");

        if (loopForever) {
            IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
            netscape.setAttribute("applicationID", "NETSCAPE");
            netscape.setAttribute("authenticationCode", "2.0");
            // Sub-block 1 holds the repeat count as a little-endian short; 0 means forever.
            netscape.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(netscape);
        }
        metadata.setFromTree(FORMAT, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }

    private static void requireSameShapes(List<ImageBatch> frames, String what) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        ImageBatch first = frames.get(0);
        for (int i = 1; i < frames.size(); i++) {
            ImageBatch frame = frames.get(i);
            if (frame.count() != first.count() || frame.height() != first.height()
                    || frame.width() != first.width() || frame.channels() != first.channels()) {
                throw new IllegalArgumentException(what + " must all have the same shape, frame 0 is "
                        + shape(first) + " but frame " + i + " is " + shape(frame));
            }
        }
    }

    private static String shape(ImageBatch batch) {
        return "[" + batch.count() + "," + batch.height() + "," + batch.width() + "," + batch.channels() + "]";
    }
}
