package org.diffusion4j.interop.imports;

/**
 * How to drive one SavedModel signature as a denoiser. Fields left null are discovered from the signature
 * where that is unambiguous (see {@link CardResolver}); a diffusion4j export carries a complete card.
 *
 * @param signature   signature key, e.g. serving_default
 * @param imageInput  the input that takes the noisy image
 * @param layout      NHWC or NCHW
 * @param pixels      model pixel values of black and white
 * @param fit         how the project's 28x28 images map to the model's size
 * @param timeInput   the input that takes the time; null for {@link TimeFeeding#SINUSOIDAL_CHANNEL}
 * @param time        how the time is fed
 * @param output      the output holding the prediction
 * @param prediction  what that output means
 * @param schedule    the schedule the model was trained with
 * @param labelsInput the input that takes int32 class labels, for class-conditional models; null otherwise
 * @param classes     the number of classes of such a model; label {@code classes} means "no label"
 */
public record DenoiserCard(String signature, String imageInput, ImageLayout layout, PixelRange pixels, SizeFit fit,
                           String timeInput, TimeFeeding time, String output, Prediction prediction, ScheduleCard schedule,
                           String labelsInput, Integer classes) {

    /** A card for a model without labels. */
    public DenoiserCard(String signature, String imageInput, ImageLayout layout, PixelRange pixels, SizeFit fit,
                        String timeInput, TimeFeeding time, String output, Prediction prediction, ScheduleCard schedule) {
        this(signature, imageInput, layout, pixels, fit, timeInput, time, output, prediction, schedule, null, null);
    }

    public DenoiserCard {
        if ((labelsInput == null) != (classes == null || classes == 0)) {
            throw new IllegalArgumentException("a card with a labels input needs its number of classes, and only then; set both "
                    + "labelsInput and classes, or neither");
        }
    }
}
