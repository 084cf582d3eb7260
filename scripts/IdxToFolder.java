import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Writes an MNIST-format data set (IDX images and labels, gzip or raw) as an image folder: one sub-folder per class,
 * one grey PNG per image. The sub-folders are named "LABEL-NAME" so their sorted order is the label order, and a run
 * trained on the folder has the same class numbers as one trained on the IDX files.
 * Usage: java scripts/IdxToFolder.java IMAGES LABELS OUT_DIR NAME0 NAME1 ...
 */
public class IdxToFolder {

    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: java scripts/IdxToFolder.java IMAGES LABELS OUT_DIR NAME0 NAME1 ...");
            System.exit(2);
        }
        byte[] images = read(Path.of(args[0]), 2051);
        byte[] labels = read(Path.of(args[1]), 2049);
        Path out = Path.of(args[2]);
        int count = labels.length;
        int side = (int) Math.round(Math.sqrt(images.length / (double) count));
        if (side * side * count != images.length) {
            throw new IllegalArgumentException(args[0] + " does not hold " + count + " square images");
        }
        for (int i = 0; i < count; i++) {
            int label = labels[i] & 0xff;
            Path folder = out.resolve(label + "-" + args[3 + label]);
            Files.createDirectories(folder);
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < side * side; p++) {
                image.getRaster().setSample(p % side, p / side, 0, images[i * side * side + p] & 0xff);
            }
            ImageIO.write(image, "png", folder.resolve(String.format("%05d.png", i)).toFile());
        }
        System.out.println("wrote " + count + " images of " + side + "x" + side + " into " + out);
    }

    /** The data after the IDX header, whose magic number must match. */
    private static byte[] read(Path file, int magic) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            int found = in.readInt();
            if (found != magic) {
                throw new IllegalArgumentException(file + " is not an IDX file of this kind (magic " + found + ", expected " + magic + ")");
            }
            int dimensions = magic & 0xff;
            for (int d = 0; d < dimensions; d++) {
                in.readInt();
            }
            return in.readAllBytes();
        }
    }
}
