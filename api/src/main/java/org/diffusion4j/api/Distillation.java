package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.Objects;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.training.DatasetTrainingData;
import org.diffusion4j.training.DistillationConfig;
import org.diffusion4j.training.FolderTrainingData;
import org.diffusion4j.training.ProgressiveDistillation;
import org.diffusion4j.training.TrainingData;
import org.diffusion4j.training.VitTrainingData;

/**
 * Distils a trained run into a student run that samples in a few denoiser calls (progressive distillation, see
 * {@link ProgressiveDistillation}). The student is an ordinary run: {@link Diffusion#open} takes it and samples it with the
 * sampler it was made for.
 *
 * <pre>{@code
 * Path student = Distillation.of(Path.of("runs/quality"), Path.of("runs/quality-4"))
 *         .data(TrainingSet.mnist()).config(DistillationConfig.builder().steps(4).build()).run();
 * }</pre>
 */
public final class Distillation {

    private final Path teacher;
    private final Path student;
    private TrainingSet data;
    private DistillationConfig config = DistillationConfig.defaults();
    private boolean tensorBoard = true;
    private ProgressiveDistillation.Listener listener = new ProgressiveDistillation.Listener() { };

    private Distillation(Path teacher, Path student) {
        this.teacher = Objects.requireNonNull(teacher, "the teacher run");
        this.student = Objects.requireNonNull(student, "the student run");
    }

    /** Distils the run in {@code teacher} into {@code student}, a new folder or one to resume. */
    public static Distillation of(Path teacher, Path student) {
        if (teacher.toAbsolutePath().normalize().equals(student.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the student needs a folder of its own, not the teacher's " + teacher);
        }
        if (!new RunFolder(teacher).hasCheckpoint()) {
            throw new IllegalArgumentException("no trained run in " + teacher + ": train it first ('diffusion4j train --run " + teacher
                    + "')");
        }
        return new Distillation(teacher, student);
    }

    /**
     * The images the teacher was trained on. By default those its data.json names: its image folder, prepared as it was, or its
     * MNIST-format data set found or downloaded as training finds it.
     */
    public Distillation data(TrainingSet value) {
        data = value;
        return this;
    }

    public Distillation config(DistillationConfig value) {
        config = Objects.requireNonNull(value);
        return this;
    }

    /** Whether to log the loss and each round's samples under the student's tensorboard/ (default: yes). */
    public Distillation tensorBoard(boolean value) {
        tensorBoard = value;
        return this;
    }

    public Distillation listener(ProgressiveDistillation.Listener value) {
        listener = Objects.requireNonNull(value);
        return this;
    }

    /** Runs the rounds still to do; returns the student folder. */
    public Path run() {
        RunFolder teacherRun = new RunFolder(teacher);
        NetworkConfig network = teacherRun.modelSpec().network();
        TrainingData images = trainingImages(network, data != null ? data : teacherData(teacherRun),
                RunImages.splitSeed(teacherRun).orElse(config.seed()));
        return new ProgressiveDistillation(teacher, student, images, config, tensorBoard).run(listener);
    }

    private static TrainingSet teacherData(RunFolder teacherRun) {
        DataSpec spec = teacherRun.dataSpec().orElse(new DataSpec("mnist", 0));
        if (spec.folder() != null) {
            ImageFolderDataset images = RunImages.loadAsTrained(spec.folder(), ImageFolderLoader.withUserCache(message -> { }),
                    "restore the teacher's image folder");
            return new TrainingSet.Folder(images, spec.folder());
        }
        return TrainingSet.idx(DatasetKind.named(spec.dataset()), null);
    }

    /** The training split of the images, as the teacher's run split them, in the network's units. */
    private TrainingData trainingImages(NetworkConfig network, TrainingSet set, long splitSeed) {
        TrainingData train;
        if (set instanceof TrainingSet.Folder folder) {
            train = FolderTrainingData.plain(folder.images().split(splitSeed).train());
        } else {
            TrainingSet.Idx idx = (TrainingSet.Idx) set;
            MnistDataset all = MnistDataset.load(idx.files(), Split.TRAIN);
            if (network.imageSize() == 32) {
                all = all.paddedTo32();
            }
            train = new DatasetTrainingData(all.split(splitSeed).train());
        }
        return VitTrainingData.forTraining(network, train);
    }
}
