package org.diffusion4j.models.runs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.schedules.Schedules;

/**
 * What a trained denoiser is: its network and the noise schedule it was trained on (with the same
 * number of timesteps the network embeds). Exactly one of unet, vit and dit is set, the one
 * {@code architecture} names; runs saved before transformers existed have only "unet".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(String architecture, UNetConfig unet, VitConfig vit, DitConfig dit, String schedule) {

    public ModelSpec {
        if (architecture == null) {
            architecture = "unet";
        }
        NetworkConfig named = switch (architecture) {
            case "unet" -> unet;
            case "vit" -> vit;
            case "dit" -> dit;
            default -> throw new IllegalArgumentException("unknown architecture '" + architecture + "'; use unet, vit or dit");
        };
        int given = (unet != null ? 1 : 0) + (vit != null ? 1 : 0) + (dit != null ? 1 : 0);
        if (named == null || given != 1) {
            throw new IllegalArgumentException("a model spec needs exactly the " + architecture + " configuration");
        }
    }

    public ModelSpec(NetworkConfig network, String schedule) {
        this(network.architecture(), network instanceof UNetConfig u ? u : null, network instanceof VitConfig v ? v : null,
                network instanceof DitConfig d ? d : null, schedule);
    }

    /** The network, whichever architecture it is. */
    @JsonIgnore
    public NetworkConfig network() {
        return unet != null ? unet : vit != null ? vit : dit;
    }

    public NoiseSchedule noiseSchedule() {
        return Schedules.create(schedule, network().timesteps());
    }
}
