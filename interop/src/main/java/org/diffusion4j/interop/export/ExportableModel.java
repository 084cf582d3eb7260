package org.diffusion4j.interop.export;

import java.util.List;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;

/**
 * A trained model that can rebuild itself, inference only, in a fresh graph: the denoiser now, a
 * classifier (serving_default probabilities plus a features signature) through the same exporter later.
 */
public interface ExportableModel {

    /**
     * Builds the inference graph, creating its variables in {@code params} under the names its weights use,
     * and returns the signatures to export (with dynamic batch dimensions).
     */
    List<ExportSignature> build(ParameterStore params);

    /** Values for every variable {@link #build} created, by variable name. */
    Map<String, ParameterValue> weights();

    /** What travels inside the export so that importing it needs no flags. */
    ExportManifest manifest();
}
