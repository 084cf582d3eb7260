package org.diffusion4j.datasets;

import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * The EXIF orientation of a JPEG (tag 0x0112): phones store photos as the sensor saw them and record how to turn
 * them for display. ImageIO ignores the tag, so without this a portrait photo would train lying on its side.
 */
final class ExifOrientation {

    /** As stored: the value when the tag is absent or unreadable. */
    static final int NORMAL = 1;

    private static final String JPEG_FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final int APP1 = 0xE1;
    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation 1..8 in a JPEG's metadata, {@link #NORMAL} for anything else. */
    static int of(IIOMetadata metadata) {
        if (metadata == null || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(JPEG_FORMAT)) {
            return NORMAL;
        }
        Node markers = child(metadata.getAsTree(JPEG_FORMAT), "markerSequence");
        for (Node marker = markers == null ? null : markers.getFirstChild(); marker != null; marker = marker.getNextSibling()) {
            if (marker instanceof javax.imageio.metadata.IIOMetadataNode node && "unknown".equals(node.getNodeName())
                    && String.valueOf(APP1).equals(node.getAttribute("MarkerTag")) && node.getUserObject() instanceof byte[] data) {
                int orientation = fromExif(data);
                if (orientation != NORMAL) {
                    return orientation;
                }
            }
        }
        return NORMAL;
    }

    /** Reads the tag from an APP1 segment's payload ("Exif\0\0" then a TIFF header and its first directory). */
    static int fromExif(byte[] app1) {
        int tiff = 6;
        if (app1.length < tiff + 8 || app1[0] != 'E' || app1[1] != 'x' || app1[2] != 'i' || app1[3] != 'f') {
            return NORMAL;
        }
        boolean little = app1[tiff] == 'I';
        int directory = tiff + (int) read(app1, tiff + 4, 4, little);
        if (directory < tiff || directory + 2 > app1.length) {
            return NORMAL;
        }
        int entries = (int) read(app1, directory, 2, little);
        for (int i = 0; i < entries; i++) {
            int entry = directory + 2 + 12 * i;
            if (entry + 12 > app1.length) {
                return NORMAL;
            }
            if (read(app1, entry, 2, little) == ORIENTATION_TAG) {
                int value = (int) read(app1, entry + 8, 2, little);
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    /** The image turned for display as {@code orientation} asks. */
    static ArgbImage apply(ArgbImage image, int orientation) {
        if (orientation == NORMAL) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swaps = orientation >= 5;
        int outW = swaps ? h : w;
        int outH = swaps ? w : h;
        int[] out = new int[outW * outH];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                out[y * outW + x] = image.at(sx, sy);
            }
        }
        return new ArgbImage(outW, outH, out);
    }

    private static long read(byte[] data, int offset, int length, boolean little) {
        if (offset < 0 || offset + length > data.length) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            int b = data[little ? offset + length - 1 - i : offset + i] & 0xff;
            value = value << 8 | b;
        }
        return value;
    }

    private static Node child(Node parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (name.equals(node.getNodeName())) {
                return node;
            }
        }
        return null;
    }
}
