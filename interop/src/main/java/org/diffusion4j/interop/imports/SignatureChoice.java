package org.diffusion4j.interop.imports;

import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SignatureInfo;

/** Picks the signature to call: the one asked for, else serving_default, else a message listing what there is. */
public final class SignatureChoice {

    public static final String DEFAULT_KEY = "serving_default";

    private SignatureChoice() {
    }

    /** requested may be null (use serving_default). */
    public static SignatureInfo choose(ModelInspection model, String requested) {
        if (model.callableSignatures().isEmpty()) {
            throw new IllegalArgumentException("SavedModel " + model.directory() + " has no callable signature (only "
                    + (model.signatures().isEmpty() ? "nothing" : String.join(", ", model.signatures().stream().map(SignatureInfo::key).toList()))
                    + "), so nothing in it can be run; re-save it with one, e.g. tf.saved_model.save(module, dir, signatures=module.f)");
        }
        String key = requested != null ? requested : DEFAULT_KEY;
        for (SignatureInfo signature : model.callableSignatures()) {
            if (signature.key().equals(key)) {
                return signature;
            }
        }
        throw new IllegalArgumentException("SavedModel " + model.directory() + " has no signature '" + key + "'; it has: "
                + String.join(", ", model.callableKeys()) + "; pass --signature NAME");
    }
}
