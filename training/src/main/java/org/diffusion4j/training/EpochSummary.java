package org.diffusion4j.training;

/** One finished epoch (1-based), as written to history.csv. */
public record EpochSummary(int epoch, long step, double trainLoss, double validationLoss, double learningRate,
                           double imagesPerSecond, double elapsedSeconds) {

    static final String CSV_HEADER = "epoch,step,train_loss,validation_loss,learning_rate,images_per_second,elapsed_seconds";

    String toCsv() {
        return String.format(java.util.Locale.ROOT, "%d,%d,%.6f,%.6f,%.6g,%.1f,%.1f", epoch, step, trainLoss, validationLoss,
                learningRate, imagesPerSecond, elapsedSeconds);
    }

    static EpochSummary fromCsv(String line) {
        String[] f = line.split(",");
        return new EpochSummary(Integer.parseInt(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    }
}
