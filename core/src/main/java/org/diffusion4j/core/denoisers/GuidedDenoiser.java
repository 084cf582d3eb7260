package org.diffusion4j.core.denoisers;

import java.util.Arrays;
import org.diffusion4j.core.images.ImageBatch;

/**
 * Classifier-free guidance as a denoiser, so every sampler can use it unchanged: for a batch whose images
 * should show {@code labels}, eps = eps_uncond + scale (eps_cond - eps_uncond). Scale 0 is the unconditional
 * model, 1 the conditional one, and larger values push the images further towards their class.
 *
 * <p>For any other scale both predictions come from one call on a doubled batch (images with their labels,
 * then the same images with "no label"): one graph run instead of two, at twice the batch size.
 *
 * <p>Guidance can be limited to the timesteps up to {@code maxGuidedStep} (Kynkäänniemi et al., 2024, "Applying
 * guidance in a limited interval"): at the noisiest steps, where the image's layout is decided, guidance mostly
 * removes variety, so there the plain conditional prediction is used, at the cost of one call on the single batch.
 */
public final class GuidedDenoiser implements Denoiser {

    /** Guidance 3 gives clearly recognisable digits with little loss of variety (docs/RESULTS.md, section 2). */
    public static final double DEFAULT_SCALE = 3.0;

    private final ConditionalDenoiser model;
    private final int[] labels;
    private final double scale;
    private final int maxGuidedStep;

    /** Guidance at every timestep. */
    public GuidedDenoiser(ConditionalDenoiser model, int[] labels, double scale) {
        this(model, labels, scale, Integer.MAX_VALUE);
    }

    /** Guidance at timesteps 0..maxGuidedStep only; above it the conditional prediction (scale 1). */
    public GuidedDenoiser(ConditionalDenoiser model, int[] labels, double scale, int maxGuidedStep) {
        if (!Double.isFinite(scale) || scale < 0) {
            throw new IllegalArgumentException("the guidance scale must be a finite number >= 0 (0: unconditional, "
                    + "1: conditional, 3: strongly guided), got " + scale);
        }
        ConditionalDenoiser.checkLabels(model, labels, labels.length);
        this.model = model;
        this.labels = labels.clone();
        this.scale = scale;
        if (maxGuidedStep < 0) {
            throw new IllegalArgumentException("the last guided timestep must be >= 0, got " + maxGuidedStep);
        }
        this.maxGuidedStep = maxGuidedStep;
    }

    public double scale() {
        return scale;
    }

    @Override
    public int height() {
        return model.height();
    }

    @Override
    public int width() {
        return model.width();
    }

    @Override
    public int channels() {
        return model.channels();
    }

    /** The model's: guidance mixes two of its predictions, which are of the same kind. */
    @Override
    public Prediction prediction() {
        return model.prediction();
    }

    /** The model's: guidance does not change the units its images are in. */
    @Override
    public double pixelScale() {
        return model.pixelScale();
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps) {
        int count = noisyImages.count();
        if (count != labels.length) {
            throw new IllegalArgumentException("this guided denoiser holds labels for " + labels.length + " images, got a batch of " + count);
        }
        if (scale == 0.0) {
            return model.predictNoise(noisyImages, timesteps);
        }
        if (scale == 1.0 || Arrays.stream(timesteps).allMatch(t -> t > maxGuidedStep)) {
            return model.predictNoise(noisyImages, timesteps, labels);
        }
        float[] pixels = noisyImages.pixels();
        float[] doubledPixels = Arrays.copyOf(pixels, 2 * pixels.length);
        System.arraycopy(pixels, 0, doubledPixels, pixels.length, pixels.length);
        int[] doubledSteps = Arrays.copyOf(timesteps, 2 * count);
        System.arraycopy(timesteps, 0, doubledSteps, count, count);
        int[] doubledLabels = Arrays.copyOf(labels, 2 * count);
        Arrays.fill(doubledLabels, count, 2 * count, model.classes());
        ImageBatch both = new ImageBatch(doubledPixels, 2 * count, noisyImages.height(), noisyImages.width(), noisyImages.channels());
        float[] predictions = model.predictNoise(both, doubledSteps, doubledLabels).pixels();
        if (predictions.length != doubledPixels.length) {
            throw new IllegalStateException("the denoiser returned " + predictions.length + " values for " + doubledPixels.length + " pixels");
        }
        float[] guided = new float[pixels.length];
        int imageSize = noisyImages.imageSize();
        for (int i = 0; i < guided.length; i++) {
            float conditional = predictions[i];
            float unconditional = predictions[pixels.length + i];
            double w = timesteps[i / imageSize] <= maxGuidedStep ? scale : 1.0;
            guided[i] = (float) (unconditional + w * (conditional - unconditional));
        }
        return noisyImages.withPixels(guided);
    }
}
