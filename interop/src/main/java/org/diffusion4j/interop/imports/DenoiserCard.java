package org.diffusion4j.interop.imports;

import org.diffusion4j.core.denoisers.Prediction;

/**
 * How to drive one SavedModel signature as a denoiser. Fields left null are discovered from the signature
 * where that is unambiguous (see {@link CardResolver}); a diffusion4j export carries a complete card. Code
 * builds one with {@link #builder()}, which starts from nothing known; Jackson reads the JSON cards through the
 * canonical constructor.
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

    public DenoiserCard {
        if ((labelsInput == null) != (classes == null || classes == 0)) {
            throw new IllegalArgumentException("a card with a labels input needs its number of classes, and only then; set both "
                    + "labelsInput and classes, or neither");
        }
    }

    /** A builder with every field unknown (null): a card that leaves everything to the signature. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this card's values, to fill in or change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Names each field of a {@link DenoiserCard}; what is not set stays null, to be discovered. */
    public static final class Builder {

        private String signature;
        private String imageInput;
        private ImageLayout layout;
        private PixelRange pixels;
        private SizeFit fit;
        private String timeInput;
        private TimeFeeding time;
        private String output;
        private Prediction prediction;
        private ScheduleCard schedule;
        private String labelsInput;
        private Integer classes;

        private Builder() {
        }

        private Builder(DenoiserCard card) {
            signature = card.signature;
            imageInput = card.imageInput;
            layout = card.layout;
            pixels = card.pixels;
            fit = card.fit;
            timeInput = card.timeInput;
            time = card.time;
            output = card.output;
            prediction = card.prediction;
            schedule = card.schedule;
            labelsInput = card.labelsInput;
            classes = card.classes;
        }

        public Builder signature(String key) {
            signature = key;
            return this;
        }

        public Builder imageInput(String name) {
            imageInput = name;
            return this;
        }

        public Builder layout(ImageLayout value) {
            layout = value;
            return this;
        }

        public Builder pixels(PixelRange range) {
            pixels = range;
            return this;
        }

        public Builder fit(SizeFit value) {
            fit = value;
            return this;
        }

        public Builder timeInput(String name) {
            timeInput = name;
            return this;
        }

        public Builder time(TimeFeeding feeding) {
            time = feeding;
            return this;
        }

        public Builder output(String name) {
            output = name;
            return this;
        }

        public Builder prediction(Prediction value) {
            prediction = value;
            return this;
        }

        public Builder schedule(ScheduleCard value) {
            schedule = value;
            return this;
        }

        /** The int32 labels input and the number of classes: set both for a class-conditional model, or neither. */
        public Builder labels(String input, Integer count) {
            labelsInput = input;
            classes = count;
            return this;
        }

        public DenoiserCard build() {
            return new DenoiserCard(signature, imageInput, layout, pixels, fit, timeInput, time, output, prediction, schedule,
                    labelsInput, classes);
        }
    }
}
