package org.diffusion4j.core.schedules;

/**
 * What a checkpoint needs to know to rebuild its schedule. A plain record so that Jackson can write it
 * next to the weights and read it back.
 */
public record ScheduleConfig(String name, int timesteps) {

    public ScheduleConfig {
        if (timesteps < 1) {
            throw new IllegalArgumentException("timesteps must be at least 1, got " + timesteps);
        }
    }

    public NoiseSchedule create() {
        return Schedules.create(name, timesteps);
    }
}
