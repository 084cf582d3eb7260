package org.diffusion4j.interop.imports;

import org.diffusion4j.core.schedules.LinearSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.schedules.Schedules;

/**
 * The schedule an imported model was trained with. betaStart/betaEnd apply to "linear" only and default
 * to DDPM's 1e-4 and 0.02.
 */
public record ScheduleCard(String name, int timesteps, Double betaStart, Double betaEnd) {

    public ScheduleCard {
        if (name == null || timesteps < 1) {
            throw new IllegalArgumentException("a schedule needs a name (" + String.join(", ", Schedules.NAMES)
                    + ") and timesteps >= 1, got " + name + " / " + timesteps);
        }
    }

    public NoiseSchedule create() {
        if (name.equalsIgnoreCase("linear")) {
            return new LinearSchedule(timesteps,
                    betaStart != null ? betaStart : LinearSchedule.DEFAULT_BETA_START,
                    betaEnd != null ? betaEnd : LinearSchedule.DEFAULT_BETA_END);
        }
        if (betaStart != null || betaEnd != null) {
            throw new IllegalArgumentException("betaStart/betaEnd only apply to the linear schedule, not '" + name + "'");
        }
        return Schedules.create(name, timesteps);
    }
}
