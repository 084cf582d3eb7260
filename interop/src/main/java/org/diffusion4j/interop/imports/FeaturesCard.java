package org.diffusion4j.interop.imports;

/**
 * How to call a SavedModel that maps images to feature vectors, for Fréchet distances and KID in its space: for
 * example a Keras InceptionV3 exported with {@code include_top=False, pooling="avg"} (then the distance is the FID of the
 * literature, given its size and pixel range: 299x299, pixels in [-1, 1]).
 *
 * @param signature  the signature to call [serving_default]
 * @param imageInput its image input, NHWC [-1, H, W, C] [the signature's only input]
 * @param output     its [-1, D] output [the signature's only output]
 * @param pixels     model pixel values of black and white [{-1, 1}]
 * @param fit        how images of another size reach the model's [RESIZE, bilinear, as FID implementations do]
 */
public record FeaturesCard(String signature, String imageInput, String output, PixelRange pixels, SizeFit fit) {

    public FeaturesCard {
        signature = signature != null ? signature : SignatureChoice.DEFAULT_KEY;
        pixels = pixels != null ? pixels : PixelRange.PROJECT;
        fit = fit != null ? fit : SizeFit.RESIZE;
    }

    /** The features signature of a diffusion4j classifier export, as its manifest's card names it; null if it has none. */
    static FeaturesCard of(ClassifierCard classifier) {
        if (classifier.featuresSignature() == null) {
            return null;
        }
        return new FeaturesCard(classifier.featuresSignature(), classifier.imageInput(), classifier.featuresOutput(), classifier.pixels(),
                SizeFit.RESIZE);
    }
}
