package org.diffusion4j.training;

import org.diffusion4j.core.denoisers.Prediction;

/**
 * What a training step minimises, and how far one step may move the weights.
 *
 * @param loss         MSE or L1 on the predicted noise
 * @param labelDropout for a conditional model, the probability that an image's label is replaced by "no label",
 *                     drawn from the step's seed like the noise
 * @param minSnrGamma  the gradient follows the loss weighted by min(SNR, gamma) / SNR per image (0: unweighted);
 *                     the loss that steps and validation report stays unweighted, so runs with and without it compare
 * @param target       what the network learns to output: the noise (EPS) or v (V, Salimans and Ho), whose error weighs
 *                     the noisiest steps more and whose output stays bounded at every noise level
 * @param gradientClipNorm the gradient is scaled down to this global norm when it is longer (0: never), so that a rare
 *                     huge gradient cannot throw Adam's weights off, which lets a higher learning rate train stably
 */
public record TrainingObjective(LossType loss, double labelDropout, double minSnrGamma, Prediction target, double gradientClipNorm) {

    public TrainingObjective {
        if (loss == null) {
            throw new IllegalArgumentException("the objective needs a loss: MSE or L1");
        }
        if (!(labelDropout >= 0 && labelDropout < 1)) {
            throw new IllegalArgumentException("label dropout must be in [0, 1) (0.1 to 0.2 is usual), got " + labelDropout);
        }
        if (target == null) {
            target = Prediction.EPS;
        }
        if (target != Prediction.EPS && target != Prediction.V) {
            throw new IllegalArgumentException("training fits networks that predict the noise (EPS) or v (V), not " + target);
        }
        if (!(gradientClipNorm >= 0)) {
            throw new IllegalArgumentException("the gradient clipping norm must be 0 (off) or positive (1 is usual), got " + gradientClipNorm);
        }
        if (!(minSnrGamma >= 0)) {
            throw new IllegalArgumentException("Min-SNR gamma must be 0 (off) or positive (5 is usual), got " + minSnrGamma);
        }
    }

    /** The objective of a network that predicts the noise. */
    public TrainingObjective(LossType loss, double labelDropout, double minSnrGamma) {
        this(loss, labelDropout, minSnrGamma, Prediction.EPS, 0);
    }

    /** Every image's loss on the noise counted alike, labels always shown. */
    public static TrainingObjective of(LossType loss) {
        return new TrainingObjective(loss, 0.0, 0.0);
    }
}
