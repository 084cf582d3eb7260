package org.diffusion4j.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A bar chart of the classifier's predicted labels for generated images beside the true label
 * distribution of the real test set, as shares of each set so sets of different sizes compare.
 * Drawn with Java2D; shows at a glance which digits a model over- or under-produces.
 */
public final class LabelHistogramChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 50;
    private static final Color GENERATED = new Color(0x1f77b4);
    private static final Color REAL = new Color(0xbbbbbb);

    private LabelHistogramChart() {
    }

    public static void write(int[] generatedCounts, int[] realCounts, String title, Path file) {
        double[] generated = shares(generatedCounts);
        double[] real = shares(realCounts);
        double top = 0;
        for (int k = 0; k < generated.length; k++) {
            top = Math.max(top, Math.max(generated[k], real[k]));
        }
        top = Math.max(0.05, Math.ceil(top * 20) / 20); // round the axis up to the next 5 %
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int plotHeight = HEIGHT - 2 * MARGIN;
            int plotWidth = WIDTH - 2 * MARGIN;
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(1));
            for (int tick = 0; tick <= 4; tick++) {
                int y = HEIGHT - MARGIN - tick * plotHeight / 4;
                g.drawLine(MARGIN, y, WIDTH - MARGIN, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.1f%%", 100 * top * tick / 4), 8, y + 4);
                g.setColor(Color.LIGHT_GRAY);
            }
            int groupWidth = plotWidth / generated.length;
            int barWidth = groupWidth * 2 / 5;
            for (int k = 0; k < generated.length; k++) {
                int x = MARGIN + k * groupWidth + groupWidth / 10;
                drawBar(g, x, barWidth, generated[k] / top, plotHeight, GENERATED);
                drawBar(g, x + barWidth, barWidth, real[k] / top, plotHeight, REAL);
                g.setColor(Color.BLACK);
                g.drawString(Integer.toString(k), x + barWidth - 3, HEIGHT - MARGIN + 16);
            }
            g.setColor(Color.BLACK);
            g.drawString(title, MARGIN, 20);
            legend(g, WIDTH - MARGIN - 290, 34, GENERATED, "predicted, generated");
            legend(g, WIDTH - MARGIN - 120, 34, REAL, "true, test set");
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void drawBar(Graphics2D g, int x, int width, double fraction, int plotHeight, Color color) {
        int height = (int) Math.round(fraction * plotHeight);
        g.setColor(color);
        g.fillRect(x, HEIGHT - MARGIN - height, width, height);
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String label) {
        g.setColor(color);
        g.fillRect(x, y - 9, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 14, y);
    }

    private static double[] shares(int[] counts) {
        double total = 0;
        for (int c : counts) {
            total += c;
        }
        double[] shares = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            shares[k] = total == 0 ? 0 : counts[k] / total;
        }
        return shares;
    }
}
