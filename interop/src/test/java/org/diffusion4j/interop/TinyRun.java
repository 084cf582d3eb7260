package org.diffusion4j.interop;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.testdata.TestData;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** A small untrained run folder (8x8 U-Net, 20 steps) so export tests take seconds, not minutes. */
public final class TinyRun {

    public static final UNetConfig CONFIG = UNetConfig.builder().imageSize(8).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).build();

    private TinyRun() {
    }

    /** Writes model.json and a checkpoint whose EMA entries differ from the raw ones (EMA must win). */
    public static RunFolder create(Path dir) {
        return create(dir, CONFIG);
    }

    /** The same for another (small) network: a class-conditional U-Net, a ViT or a DiT. */
    public static RunFolder create(Path dir, NetworkConfig config) {
        Map<String, ParameterValue> ema;
        Map<String, ParameterValue> raw;
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            config.build(params);
            ema = params.initialValues(7);
            raw = params.initialValues(8);
        }
        Map<String, ParameterValue> checkpoint = new LinkedHashMap<>(raw);
        ema.forEach((name, value) -> checkpoint.put(RunFolder.EMA_PREFIX + name, value));
        raw.forEach((name, value) -> checkpoint.put("adam_m." + name, value));
        RunFolder run = new RunFolder(dir);
        run.writeJson(run.modelSpecFile(), new ModelSpec(config, "cosine"));
        ParameterFile.write(run.checkpointFile(), Map.of("step", "1"), checkpoint);
        return run;
    }

    /** A shared Keras/TensorFlow SavedModel; the calling test is skipped when it is absent. */
    public static Path shared(String model) {
        return TestData.model(model);
    }
}
