package org.diffusion4j.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one file with ImageIO into {@link ArgbImage}: PNG (palette, grey, grey+alpha, 8 and 16 bits), JPEG (turned
 * as its EXIF orientation says), GIF (the first frame) and BMP. The file's contents decide the decoder, not its name.
 *
 * <p>Every failure is an {@link IOException} whose message says why in words a user can act on. A decoder's warning
 * counts as a failure: ImageIO's JPEG reader only warns about a truncated file and fills the missing part with grey,
 * which would train on half images.
 */
final class ImageDecoder {

    /** Why a CMYK JPEG (from print work, often Photoshop) cannot be read, and the fix. */
    static final String CMYK_JPEG = "a CMYK or YCCK JPEG, which Java's ImageIO cannot decode; convert it to RGB"
            + " (e.g. magick FILE -colorspace sRGB FILE)";

    ArgbImage decode(Path file) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw new IOException("could not be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new IOException("not a PNG, JPEG, GIF or BMP image (its contents match no decoder)");
            }
            ImageReader reader = readers.next();
            try {
                return read(reader, input);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ArgbImage read(ImageReader reader, ImageInputStream input) throws IOException {
        reader.setInput(input, true, false);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        ArgbImage image;
        try {
            image = ArgbImage.of(reader.read(0));
        } catch (IIOException e) {
            if (format.contains("jp") && String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                throw new IOException(CMYK_JPEG, e);
            }
            throw new IOException("damaged or truncated " + format.toUpperCase(Locale.ROOT) + " (" + e.getMessage() + ")", e);
        }
        if (!warnings.isEmpty()) {
            throw new IOException("damaged or truncated " + format.toUpperCase(Locale.ROOT) + " (" + warnings.get(0) + ")");
        }
        return format.contains("jp") ? ExifOrientation.apply(image, ExifOrientation.of(reader.getImageMetadata(0))) : image;
    }
}
