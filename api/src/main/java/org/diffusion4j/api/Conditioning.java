package org.diffusion4j.api;

import java.util.Arrays;
import java.util.List;
import org.diffusion4j.core.denoisers.GuidedDenoiser;
import java.util.Locale;

/**
 * Which class (digit, or sub-folder of a run trained on an image folder) each image should show and how strongly
 * classifier-free guidance pushes it there: what `--digit`, `--class` and `--guidance` ask on the command line.
 *
 * @param labels        one class index per image
 * @param scale         the guidance scale: 0 unconditional, 1 conditional, above 1 pushed further towards the class
 * @param maxGuidedStep guidance only at timesteps 0..maxGuidedStep ({@link Integer#MAX_VALUE}: at every step)
 * @param classNames    the class names of a run trained on a folder, for file names; null for digits
 */
public record Conditioning(int[] labels, double scale, int maxGuidedStep, List<String> classNames) {

    /** Digits (no class names). */
    public Conditioning(int[] labels, double scale, int maxGuidedStep) {
        this(labels, scale, maxGuidedStep, null);
    }

    /**
     * The label `--digit` or `--class` asks for, or null for none. {@code classNames} are a folder run's classes, null for
     * MNIST's digits: each spelling belongs to its kind of run, so a wrong one gets the other's name in the error.
     */
    public static Integer label(List<String> classNames, Integer digit, String className) {
        if (digit != null && className != null) {
            throw new IllegalArgumentException("--digit and --class both pick the class to draw; give one");
        }
        if (className != null) {
            if (classNames == null) {
                throw new IllegalArgumentException("--class picks a class of a run trained on --images; this run's classes are digits: "
                        + "use --digit");
            }
            int index = classNames.indexOf(className);
            if (index < 0) {
                throw new IllegalArgumentException("unknown --class '" + className + "'; this run's classes are: "
                        + String.join(", ", classNames));
            }
            return index;
        }
        if (digit != null && classNames != null) {
            throw new IllegalArgumentException("--digit picks MNIST's digits; this run was trained on named classes: use --class NAME ("
                    + String.join(", ", classNames) + ")");
        }
        return digit;
    }

    /** The same conditioning, naming its classes in file names ({@code null}: digits). */
    public Conditioning named(List<String> names) {
        return new Conditioning(labels, scale, maxGuidedStep, names);
    }

    /** Guidance 3 gives clearly recognisable digits with little loss of variety; see docs/RESULTS.md. */
    public static final double DEFAULT_SCALE = GuidedDenoiser.DEFAULT_SCALE;

    /**
     * For a sample grid: {@code count} images of one digit, or else {@code columns} of each digit, a row per digit.
     * Null for an unconditional model (0 classes), which cannot take either option.
     */
    public static Conditioning forSamples(int classes, Integer digit, Double scale, int count, int columns) {
        if (!checked(classes, digit, scale)) {
            return null;
        }
        int[] labels;
        if (digit != null) {
            labels = new int[count];
            Arrays.fill(labels, digit);
        } else {
            labels = new int[classes * columns];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i / columns;
            }
        }
        return new Conditioning(labels, scale != null ? scale : DEFAULT_SCALE, Integer.MAX_VALUE);
    }

    /** For an evaluation: {@code count} images, the classes taking turns, so each gets the same share. */
    public static Conditioning forEvaluation(int classes, Integer digit, Double scale, int count) {
        if (!checked(classes, digit, scale)) {
            return null;
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = digit != null ? digit : i % classes;
        }
        return new Conditioning(labels, scale != null ? scale : DEFAULT_SCALE, Integer.MAX_VALUE);
    }

    /**
     * {@code count} labels in the proportions of {@code classCounts} (largest remainders, so the counts sum to {@code count}),
     * each class spread evenly through the sequence rather than in a block, so that every batch and every seed's noise
     * sees the same mix.
     */
    static int[] proportionalLabels(int count, int[] classCounts) {
        long total = Arrays.stream(classCounts).asLongStream().sum();
        if (total <= 0) {
            throw new IllegalArgumentException("no images to take the class proportions from");
        }
        int[] asked = new int[classCounts.length];
        double[] remainders = new double[classCounts.length];
        int given = 0;
        for (int k = 0; k < asked.length; k++) {
            double exact = count * (double) classCounts[k] / total;
            asked[k] = (int) Math.floor(exact);
            remainders[k] = exact - asked[k];
            given += asked[k];
        }
        while (given < count) {
            int largest = 0;
            for (int k = 1; k < remainders.length; k++) {
                largest = remainders[k] > remainders[largest] ? k : largest;
            }
            asked[largest]++;
            remainders[largest] = -1;
            given++;
        }
        // Image j of class k sits at (j + 0.5) / asked[k] of the way along; ties go to the lower class.
        Integer[] order = new Integer[count];
        double[] positions = new double[count];
        int[] classOf = new int[count];
        int next = 0;
        for (int k = 0; k < asked.length; k++) {
            for (int j = 0; j < asked[k]; j++) {
                positions[next] = (j + 0.5) / asked[k];
                classOf[next] = k;
                order[next] = next;
                next++;
            }
        }
        Arrays.sort(order, (a, b) -> positions[a] != positions[b] ? Double.compare(positions[a], positions[b]) : Integer.compare(classOf[a], classOf[b]));
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = classOf[order[i]];
        }
        return labels;
    }

    /** The same guidance for other labels. */
    Conditioning withLabels(int[] newLabels) {
        return new Conditioning(newLabels, scale, maxGuidedStep, classNames);
    }

    private static boolean checked(int classes, Integer digit, Double scale) {
        if (classes == 0) {
            if (digit != null || scale != null) {
                throw new IllegalArgumentException("this model was trained without labels, so --digit, --class and --guidance do not apply; "
                        + "train one with --conditional");
            }
            return false;
        }
        if (digit != null && (digit < 0 || digit >= classes)) {
            throw new IllegalArgumentException("--digit must be in 0.." + (classes - 1) + ", got " + digit);
        }
        if (scale != null && !(scale >= 0 && Double.isFinite(scale))) {
            throw new IllegalArgumentException("--guidance must be a number >= 0 (0 unconditional, 1 conditional), got " + scale);
        }
        return true;
    }

    /** {@code conditioning} guided at timesteps 0..step only (null: at every step), as `--guidance-max-step` asks. */
    public static Conditioning limited(Conditioning conditioning, Integer step) {
        if (step == null) {
            return conditioning;
        }
        if (conditioning == null) {
            throw new IllegalArgumentException("--guidance-max-step only applies to models trained with --conditional");
        }
        if (step < 0) {
            throw new IllegalArgumentException("--guidance-max-step must be a timestep >= 0, got " + step);
        }
        return new Conditioning(conditioning.labels(), conditioning.scale(), step, conditioning.classNames());
    }

    /** How file names carry it: "-w3", "-digit7-w3", "-class-cat-w3", "-w3-upto60". */
    public String fileLabel() {
        boolean single = Arrays.stream(labels).distinct().count() == 1 && labels.length > 1;
        String w = scale == Math.rint(scale) ? String.valueOf((long) scale) : String.format(Locale.ROOT, "%s", scale);
        String one = classNames == null ? "-digit" + labels[0] : "-class-" + classNames.get(labels[0]).replaceAll("[^A-Za-z0-9._-]", "_");
        return (single ? one : "") + "-w" + w + (maxGuidedStep == Integer.MAX_VALUE ? "" : "-upto" + maxGuidedStep);
    }
}
