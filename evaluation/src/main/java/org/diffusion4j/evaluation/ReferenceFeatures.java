package org.diffusion4j.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.diffusion4j.core.classifiers.FeatureExtractor;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.core.images.ImageBatch;

/**
 * What generated images are compared with: the feature statistics of a real data set for the Fréchet
 * distance, and a seeded sample of its feature vectors for KID. Cached in a small file named after the
 * data set and the classifier's fingerprint, so evaluations after the first skip the reference pass, and
 * a retrained classifier never reuses another's statistics. Stored as float32 (about 0.7 MB for MNIST).
 */
public record ReferenceFeatures(FeatureStatistics statistics, float[] sample, int sampleCount) {

    /** Feature vectors kept for KID: enough for subsets of 1,000 drawn without much overlap. */
    public static final int SAMPLE_SIZE = 2000;

    /** The cache file for a data set and a classifier, inside {@code dir}. */
    public static Path cacheFile(Path dir, String dataset, FeatureExtractor classifier) {
        return dir.resolve(dataset + "-" + classifier.fingerprint() + ".d4j");
    }

    /** Reads the cache when it matches the classifier, else computes the features of {@code images} and writes the cache. */
    public static ReferenceFeatures loadOrCompute(Path file, FeatureExtractor classifier, Supplier<ImageBatch> images) {
        if (Files.isRegularFile(file)) {
            ParameterFile.Contents contents = ParameterFile.read(file);
            if (classifier.fingerprint().equals(contents.metadata().get("fingerprint"))) {
                return fromContents(contents);
            }
        }
        ImageBatch batch = images.get();
        ReferenceFeatures reference = of(classifier.features(batch), batch.count(), classifier.featureSize(), 0);
        reference.save(file, classifier.fingerprint());
        return reference;
    }

    /** Statistics of all vectors and a seeded sample of up to {@link #SAMPLE_SIZE} of them. */
    public static ReferenceFeatures of(float[] features, int count, int dimension, long seed) {
        FeatureStatistics statistics = FeatureStatistics.of(features, count, dimension);
        int keep = Math.min(SAMPLE_SIZE, count);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] sample = new float[keep * dimension];
        for (int i = 0; i < keep; i++) {
            int j = i + random.nextInt(count - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            System.arraycopy(features, order[i] * dimension, sample, i * dimension, dimension);
        }
        return new ReferenceFeatures(statistics, sample, keep);
    }

    public void save(Path file, String fingerprint) {
        int d = statistics.dimension();
        float[] mean = new float[d];
        float[] covariance = new float[d * d];
        for (int a = 0; a < d; a++) {
            mean[a] = (float) statistics.mean()[a];
            for (int b = 0; b < d; b++) {
                covariance[a * d + b] = (float) statistics.covariance()[a][b];
            }
        }
        Map<String, ParameterValue> values = new LinkedHashMap<>();
        values.put("mean", new ParameterValue(new long[] {d}, mean));
        values.put("covariance", new ParameterValue(new long[] {d, d}, covariance));
        values.put("sample", new ParameterValue(new long[] {sampleCount, d}, sample));
        ParameterFile.write(file, Map.of("fingerprint", fingerprint, "count", Integer.toString(statistics.count())), values);
    }

    private static ReferenceFeatures fromContents(ParameterFile.Contents contents) {
        float[] mean = contents.values().get("mean").values();
        float[] covariance = contents.values().get("covariance").values();
        ParameterValue sample = contents.values().get("sample");
        int d = mean.length;
        double[] meanValues = new double[d];
        double[][] covarianceValues = new double[d][d];
        for (int a = 0; a < d; a++) {
            meanValues[a] = mean[a];
            for (int b = 0; b < d; b++) {
                covarianceValues[a][b] = covariance[a * d + b];
            }
        }
        int count = Integer.parseInt(contents.metadata().get("count"));
        return new ReferenceFeatures(new FeatureStatistics(meanValues, covarianceValues, count), sample.values(),
                (int) sample.shape()[0]);
    }
}
