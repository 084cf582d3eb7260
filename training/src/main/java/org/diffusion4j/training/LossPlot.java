package org.diffusion4j.training;

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
import org.diffusion4j.models.runs.RunFolder;

/**
 * Keeps loss.png current: after each epoch, draws the training loss (smoothed, per step) and the validation loss
 * (per epoch) on a log scale, from what the CSV logs hold.
 */
final class LossPlot implements TrainingListener {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int MARGIN = 60;

    private final RunFolder run;
    private final CsvLogs logs;

    LossPlot(RunFolder run, CsvLogs logs) {
        this.run = run;
        this.logs = logs;
    }

    /** Expects the CSV logs to hold the epoch already, so that the plot shows it. */
    @Override
    public void onEpoch(EpochSummary summary) {
        write(run.stepsFile(), logs.history(), run.lossPlotFile());
    }

    private static void write(Path stepsCsv, List<EpochSummary> history, Path png) {
        List<double[]> train = new ArrayList<>();
        try {
            if (Files.isRegularFile(stepsCsv)) {
                for (String line : Files.readAllLines(stepsCsv)) {
                    if (!line.isBlank() && !line.startsWith("step")) {
                        String[] f = line.split(",");
                        train.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<double[]> validation = new ArrayList<>();
        for (EpochSummary s : history) {
            if (Double.isFinite(s.validationLoss())) {
                validation.add(new double[] {s.step(), s.validationLoss()});
            }
        }
        List<double[]> all = new ArrayList<>(train);
        all.addAll(validation);
        if (all.isEmpty()) {
            return;
        }
        double maxStep = all.stream().mapToDouble(p -> p[0]).max().orElse(1);
        double minLoss = Math.log10(all.stream().mapToDouble(p -> p[1]).filter(v -> v > 0).min().orElse(1e-3));
        double maxLoss = Math.log10(all.stream().mapToDouble(p -> p[1]).max().orElse(1));
        if (maxLoss - minLoss < 1e-6) {
            maxLoss = minLoss + 1;
        }
        PlotCanvas canvas = PlotCanvas.framed(WIDTH, HEIGHT,
                new java.awt.Rectangle(MARGIN, MARGIN / 2, WIDTH - 2 * MARGIN + 20, HEIGHT - MARGIN - MARGIN / 2));
        Graphics2D g = canvas.graphics();
        for (int i = 0; i <= 4; i++) {
            double logLoss = minLoss + (maxLoss - minLoss) * i / 4;
            int y = y(logLoss, minLoss, maxLoss);
            g.drawString(String.format(Locale.ROOT, "%.3g", Math.pow(10, logLoss)), 5, y + 4);
            double s = maxStep * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.0f", s), x(s, maxStep) - 10, HEIGHT - MARGIN / 2 + 15);
        }
        g.drawString("step", WIDTH / 2, HEIGHT - 5);
        g.drawString("loss (log scale): blue = training, red = validation", MARGIN, 18);
        g.setStroke(new BasicStroke(1.5f));
        g.setColor(new Color(30, 90, 200));
        for (int i = 1; i < train.size(); i++) {
            g.drawLine(x(train.get(i - 1)[0], maxStep), y(Math.log10(train.get(i - 1)[1]), minLoss, maxLoss),
                    x(train.get(i)[0], maxStep), y(Math.log10(train.get(i)[1]), minLoss, maxLoss));
        }
        g.setColor(new Color(210, 40, 40));
        for (double[] p : validation) {
            int px = x(p[0], maxStep);
            int py = y(Math.log10(p[1]), minLoss, maxLoss);
            g.fillOval(px - 4, py - 4, 8, 8);
        }
        canvas.writeTo(png);
    }

    private static int x(double step, double maxStep) {
        return MARGIN + (int) Math.round((WIDTH - 2 * MARGIN) * step / Math.max(maxStep, 1));
    }

    private static int y(double logLoss, double min, double max) {
        return HEIGHT - MARGIN - (int) Math.round((HEIGHT - MARGIN - MARGIN / 2.0 - 10) * (logLoss - min) / (max - min));
    }
}
