package org.diffusion4j.api;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffusion4j.training.PlotCanvas;

/**
 * Draws quality.csv as quality.png beside it: the Fréchet distance of each point against the step (log scale, left axis)
 * and, for a conditional run, the share read as the class asked for (0 to 100%, right axis), so the curve can be looked
 * at without TensorBoard.
 */
final class QualityPlot {

    static final String FILE = "quality.png";
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int LEFT = 70;
    private static final int RIGHT = 70;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Color FLD_COLOUR = new Color(210, 40, 40);
    private static final Color ON_LABEL_COLOUR = new Color(30, 90, 200);

    private record Point(double step, double fld, double onLabel) {
    }

    private QualityPlot() {
    }

    /** Redraws {@code png} from the rows of {@code csv}; does nothing while it has no row. */
    static void write(Path csv, Path png) {
        List<Point> points = read(csv);
        if (points.isEmpty()) {
            return;
        }
        double maxStep = points.stream().mapToDouble(Point::step).max().orElse(1);
        double minLog = Math.floor(Math.log10(points.stream().mapToDouble(Point::fld).filter(v -> v > 0).min().orElse(1)));
        double maxLog = Math.max(minLog + 1, Math.ceil(Math.log10(points.stream().mapToDouble(Point::fld).max().orElse(10))));
        boolean conditional = points.stream().anyMatch(p -> !Double.isNaN(p.onLabel()));
        PlotCanvas canvas = PlotCanvas.framed(WIDTH, HEIGHT, new java.awt.Rectangle(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        Graphics2D g = canvas.graphics();
        g.drawString(conditional ? "while training: FLD (red, log scale, left) and % read as the class asked for (blue, right)"
                : "while training: FLD against the held-out images (log scale)", LEFT, 20);
        g.drawString("step", WIDTH / 2, HEIGHT - 8);
        for (int i = 0; i <= 4; i++) {
            double step = maxStep * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.0f", step), x(step, maxStep) - 10, HEIGHT - BOTTOM + 18);
        }
        for (double log = minLog; log <= maxLog + 1e-9; log++) {
            for (int m = 1; m < 10; m++) {
                double value = m * Math.pow(10, log);
                if (Math.log10(value) > maxLog + 1e-9) {
                    break;
                }
                int y = yLog(value, minLog, maxLog);
                g.setColor(Color.LIGHT_GRAY);
                g.drawLine(LEFT, y, LEFT + 5, y);
                if (m == 1 || m == 2 || m == 5) {
                    g.setColor(FLD_COLOUR);
                    g.drawString(String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.2g", value), 8, y + 4);
                }
            }
        }
        if (conditional) {
            g.setColor(ON_LABEL_COLOUR);
            for (int percent = 0; percent <= 100; percent += 25) {
                g.drawString(percent + "%", WIDTH - RIGHT + 8, yShare(percent / 100.0) + 4);
            }
        }
        g.setStroke(new BasicStroke(2f));
        drawSeries(g, points, maxStep, FLD_COLOUR, p -> yLog(p.fld(), minLog, maxLog));
        if (conditional) {
            drawSeries(g, points.stream().filter(p -> !Double.isNaN(p.onLabel())).toList(), maxStep, ON_LABEL_COLOUR,
                    p -> yShare(p.onLabel()));
        }
        canvas.writeTo(png);
    }

    private static void drawSeries(Graphics2D g, List<Point> points, double maxStep, Color colour,
                                   java.util.function.ToIntFunction<Point> y) {
        g.setColor(colour);
        for (int i = 0; i < points.size(); i++) {
            int px = x(points.get(i).step(), maxStep);
            int py = y.applyAsInt(points.get(i));
            g.fillOval(px - 4, py - 4, 8, 8);
            if (i > 0) {
                g.drawLine(x(points.get(i - 1).step(), maxStep), y.applyAsInt(points.get(i - 1)), px, py);
            }
        }
    }

    private static List<Point> read(Path csv) {
        List<Point> points = new ArrayList<>();
        try {
            if (!Files.isRegularFile(csv)) {
                return points;
            }
            for (String line : Files.readAllLines(csv)) {
                String[] f = line.split(",", -1);
                if (line.isBlank() || line.startsWith("epoch") || f.length < 5) {
                    continue;
                }
                points.add(new Point(Double.parseDouble(f[1]), Double.parseDouble(f[3]), f[4].isEmpty() ? Double.NaN : Double.parseDouble(f[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + csv + ": " + e.getMessage(), e);
        }
        return points;
    }

    private static int x(double step, double maxStep) {
        return LEFT + (int) Math.round((WIDTH - LEFT - RIGHT) * step / Math.max(maxStep, 1));
    }

    private static int yLog(double value, double minLog, double maxLog) {
        double fraction = (Math.log10(Math.max(value, 1e-9)) - minLog) / (maxLog - minLog);
        return HEIGHT - BOTTOM - (int) Math.round((HEIGHT - TOP - BOTTOM) * fraction);
    }

    private static int yShare(double share) {
        return HEIGHT - BOTTOM - (int) Math.round((HEIGHT - TOP - BOTTOM) * share);
    }
}
