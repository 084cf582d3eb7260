package org.diffusion4j.training;

/** Sees classifier training as it goes: the generic start and step events plus epochs with their accuracy. */
public interface ClassifierTrainingListener extends TrainingListener {

    ClassifierTrainingListener SILENT = new ClassifierTrainingListener() { };

    default void onClassifierEpoch(ClassifierEpoch epoch) {
    }
}
