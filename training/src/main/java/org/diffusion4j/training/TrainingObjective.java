package org.diffusion4j.training;

/**
 * What a training step minimises.
 *
 * @param loss         MSE or L1 on the predicted noise
 * @param labelDropout for a conditional model, the probability that an image's label is replaced by "no label",
 *                     drawn from the step's seed like the noise
 * @param minSnrGamma  the gradient follows the loss weighted by min(SNR, gamma) / SNR per image (0: unweighted);
 *                     the loss that steps and validation report stays unweighted, so runs with and without it compare
 */
public record TrainingObjective(LossType loss, double labelDropout, double minSnrGamma) {

    public TrainingObjective {
        if (loss == null) {
            throw new IllegalArgumentException("the objective needs a loss: MSE or L1");
        }
        if (!(labelDropout >= 0 && labelDropout < 1)) {
            throw new IllegalArgumentException("label dropout must be in [0, 1) (0.1 to 0.2 is usual), got " + labelDropout);
        }
        if (!(minSnrGamma >= 0)) {
            throw new IllegalArgumentException("Min-SNR gamma must be 0 (off) or positive (5 is usual), got " + minSnrGamma);
        }
    }

    /** Every image's loss counted alike, labels always shown. */
    public static TrainingObjective of(LossType loss) {
        return new TrainingObjective(loss, 0.0, 0.0);
    }
}
