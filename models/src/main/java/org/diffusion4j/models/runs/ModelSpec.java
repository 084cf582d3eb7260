package org.diffusion4j.models.runs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.schedules.Schedules;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.NetworkType;
import org.diffusion4j.models.networks.NetworkTypes;

/**
 * What a trained denoiser is: its network, the noise schedule it was trained on (with the same number of timesteps
 * the network embeds) and what its output means.
 *
 * <p>model.json keeps the shape it had when the architectures were fields of this record, so that every run folder
 * and export written since reads back: {@code {"architecture": "unet", "unet": {...}, "schedule": "cosine",
 * "prediction": "EPS"}}, the configuration under a field named after its architecture. A file without
 * "architecture" is a U-Net (runs saved before transformers existed); one without "prediction" predicts the noise,
 * as every network trained here did before the field existed.
 *
 * @param network    the network; its class must be registered with {@link NetworkTypes}
 * @param schedule   the noise schedule's name, e.g. "cosine"
 * @param prediction what the network's output means; null reads as {@link Prediction#EPS}
 * @param sampling   the sampler the model was made for (a distilled student's), or null for any sampler; model.json
 *                   records it as "sampling" only when there is one
 */
@JsonSerialize(using = ModelSpec.Writer.class)
@JsonDeserialize(using = ModelSpec.Reader.class)
public record ModelSpec(NetworkConfig network, String schedule, Prediction prediction, Sampling sampling) {

    /** The file's name for a configuration written before "architecture" existed: only U-Nets were. */
    private static final String UNTAGGED_ARCHITECTURE = "unet";

    /** Requires a registered network, so a spec that could not be read back is never written. */
    public ModelSpec {
        Objects.requireNonNull(network, "a model spec needs a network");
        NetworkTypes.of(network);
        if (prediction == null) {
            prediction = Prediction.EPS;
        }
    }

    /** A model any sampler can walk. */
    public ModelSpec(NetworkConfig network, String schedule, Prediction prediction) {
        this(network, schedule, prediction, null);
    }

    /** The same model made for {@code recipe}'s sampler. */
    public ModelSpec withSampling(Sampling recipe) {
        return new ModelSpec(network, schedule, prediction, recipe);
    }

    /**
     * A network that predicts the noise, as every network trained here does.
     *
     * @param network  the network; its class must be registered with {@link NetworkTypes}
     * @param schedule the noise schedule's name
     */
    public ModelSpec(NetworkConfig network, String schedule) {
        this(network, schedule, Prediction.EPS);
    }

    /** @return the network's registered architecture name, the one model.json records */
    public String architecture() {
        return network.architecture();
    }

    /** @return the schedule the network was trained on, with the network's number of timesteps */
    public NoiseSchedule noiseSchedule() {
        return Schedules.create(schedule, network.timesteps());
    }

    /** Writes the architecture-named shape; the configuration itself goes through the mapper's own serializer. */
    static final class Writer extends StdSerializer<ModelSpec> {

        Writer() {
            super(ModelSpec.class);
        }

        @Override
        public void serialize(ModelSpec spec, JsonGenerator out, SerializerProvider provider) throws IOException {
            String architecture = spec.architecture();
            out.writeStartObject();
            out.writeStringField("architecture", architecture);
            out.writeFieldName(architecture);
            provider.defaultSerializeValue(spec.network(), out);
            if (spec.schedule() != null) {
                out.writeStringField("schedule", spec.schedule());
            }
            out.writeStringField("prediction", spec.prediction().name());
            if (spec.sampling() != null) {
                out.writeFieldName("sampling");
                provider.defaultSerializeValue(spec.sampling(), out);
            }
            out.writeEndObject();
        }
    }

    /** Reads the architecture-named shape, finding the configuration's class in the registry. */
    static final class Reader extends StdDeserializer<ModelSpec> {

        Reader() {
            super(ModelSpec.class);
        }

        @Override
        public ModelSpec deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode tree = context.readTree(in);
            if (!tree.isObject()) {
                throw JsonMappingException.from(in, "a model spec is a JSON object, got " + tree.getNodeType());
            }
            String architecture = tree.hasNonNull("architecture") ? tree.get("architecture").asText() : UNTAGGED_ARCHITECTURE;
            NetworkType<?> type = NetworkTypes.find(architecture).orElseThrow(() -> JsonMappingException.from(in,
                    "unknown architecture '" + architecture + "'; use " + NetworkTypes.namesInWords()
                            + " (a network of your own needs NetworkTypes.register before the run is opened)"));
            JsonNode config = tree.get(architecture);
            if (config == null || !config.isObject()) {
                throw JsonMappingException.from(in, "a model spec of architecture " + architecture + " needs its configuration "
                        + "in a field named \"" + architecture + "\"");
            }
            refuseUnknownFields(tree, architecture, in, context);
            NetworkConfig network = context.readTreeAsValue(config, type.configClass());
            String schedule = tree.hasNonNull("schedule") ? tree.get("schedule").asText() : null;
            try {
                Sampling sampling = tree.hasNonNull("sampling") ? context.readTreeAsValue(tree.get("sampling"), Sampling.class) : null;
                return new ModelSpec(network, schedule, prediction(tree, in), sampling);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(in, e.getMessage(), e);
            }
        }

        /** Another architecture's configuration beside this one's would make a file say two things. */
        private static void refuseUnknownFields(JsonNode tree, String architecture, JsonParser in, DeserializationContext context)
                throws JsonMappingException {
            if (!context.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)) {
                return;
            }
            for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals(architecture) && !name.equals("architecture") && !name.equals("schedule")
                        && !name.equals("prediction") && !name.equals("sampling")) {
                    throw JsonMappingException.from(in, "a model spec of architecture " + architecture + " has no field \""
                            + name + "\"; it holds architecture, " + architecture + ", schedule, prediction and sampling");
                }
            }
        }

        private static Prediction prediction(JsonNode tree, JsonParser in) throws JsonMappingException {
            if (!tree.hasNonNull("prediction")) {
                return Prediction.EPS;
            }
            String name = tree.get("prediction").asText();
            try {
                return Prediction.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(in, "unknown prediction '" + name + "'; use one of "
                        + Arrays.toString(Prediction.values()));
            }
        }
    }
}
