package org.diffusion4j.training;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The white, antialiased picture a run's plots (loss.png, quality.png) are drawn on, and its writing as a PNG. */
public record PlotCanvas(BufferedImage image, Graphics2D graphics) {

    /** A white canvas with a grey frame from (left, top) to (right, bottom), its pen black in a 12-point sans-serif. */
    public static PlotCanvas framed(int width, int height, java.awt.Rectangle frame) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.GRAY);
        g.draw(frame);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        return new PlotCanvas(image, g);
    }

    /** Ends the drawing and writes the picture to {@code png}. */
    public void writeTo(Path png) {
        graphics.dispose();
        try {
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + png + ": " + e.getMessage(), e);
        }
    }
}
