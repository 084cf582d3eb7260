package org.diffusion4j.runs;

import org.diffusion4j.graph.models.UNetConfig;
import org.diffusion4j.schedules.NoiseSchedule;
import org.diffusion4j.schedules.Schedules;

/**
 * What a trained denoiser is: its network and the noise schedule it was trained on (with the same
 * number of timesteps the network embeds).
 */
public record ModelSpec(UNetConfig unet, String schedule) {

    public NoiseSchedule noiseSchedule() {
        return Schedules.create(schedule, unet.timesteps());
    }
}
