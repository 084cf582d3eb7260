package org.diffusion4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.DiagonalMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Fréchet distance between two Gaussians, |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2)).
 *
 * <p>S1 S2 is not symmetric, and a general matrix square root of it (scipy's sqrtm, Julia's sqrt) can come
 * out complex from round-off. Its eigenvalues are however those of the symmetric positive semi-definite
 * M = S1^(1/2) S2 S1^(1/2), so tr (S1 S2)^(1/2) = sum of sqrt(eigenvalues of M), computed here with
 * symmetric eigen-decompositions only. Eigenvalues that come out slightly negative are round-off and are
 * set to zero; the result says how many were and how negative the worst was.
 */
public final class FrechetDistance {

    /** Eigenvalues below this fraction of the largest count as zero when deciding whether a covariance is singular. */
    private static final double SINGULAR_TOLERANCE = 1e-10;

    /**
     * @param distance  the Fréchet distance (never negative)
     * @param meanTerm  |mu1 - mu2|^2
     * @param traceTerm tr(S1 + S2 - 2 (S1 S2)^(1/2))
     * @param warnings  singular covariances and clamped eigenvalues, one sentence each; empty when none
     */
    public record Result(double distance, double meanTerm, double traceTerm, List<String> warnings) {
    }

    private FrechetDistance() {
    }

    public static Result between(FeatureStatistics first, FeatureStatistics second) {
        if (first.dimension() != second.dimension()) {
            throw new IllegalArgumentException("cannot compare " + first.dimension() + "-dimensional features with "
                    + second.dimension() + "-dimensional ones; use the same classifier for both");
        }
        List<String> warnings = new ArrayList<>();
        double meanTerm = 0;
        for (int a = 0; a < first.dimension(); a++) {
            double difference = first.mean()[a] - second.mean()[a];
            meanTerm += difference * difference;
        }
        RealMatrix s1 = new Array2DRowRealMatrix(first.covariance());
        RealMatrix s2 = new Array2DRowRealMatrix(second.covariance());
        RealMatrix sqrtS1 = symmetricSquareRoot(s1, "the covariance of the first set", warnings);
        warnIfSingular(s2, "the covariance of the second set", warnings);
        RealMatrix m = sqrtS1.multiply(s2).multiply(sqrtS1);
        double sqrtTrace = 0;
        for (double eigenvalue : clampedEigenvalues(symmetrised(m), "S1^(1/2) S2 S1^(1/2)", warnings)) {
            sqrtTrace += Math.sqrt(eigenvalue);
        }
        double traceTerm = s1.getTrace() + s2.getTrace() - 2 * sqrtTrace;
        // Equal Gaussians can give -1e-13 from round-off; a distance is never negative.
        double distance = Math.max(0, meanTerm + traceTerm);
        return new Result(distance, meanTerm, traceTerm, List.copyOf(warnings));
    }

    /** V diag(sqrt(max(l, 0))) V' of a symmetric PSD matrix. */
    private static RealMatrix symmetricSquareRoot(RealMatrix s, String name, List<String> warnings) {
        EigenDecomposition eigen = new EigenDecomposition(symmetrised(s));
        double[] eigenvalues = clamp(eigen.getRealEigenvalues(), name, warnings);
        warnIfSingular(eigenvalues, name, warnings);
        RealMatrix v = eigen.getV();
        int n = eigenvalues.length;
        double[] roots = new double[n];
        for (int k = 0; k < n; k++) {
            roots[k] = Math.sqrt(eigenvalues[k]);
        }
        return v.multiply(new DiagonalMatrix(roots)).multiply(v.transpose());
    }

    private static double[] clampedEigenvalues(RealMatrix symmetric, String name, List<String> warnings) {
        return clamp(new EigenDecomposition(symmetric).getRealEigenvalues(), name, warnings);
    }

    /** Sets negative eigenvalues to zero; warns when one is too negative to be round-off. */
    private static double[] clamp(double[] eigenvalues, String name, List<String> warnings) {
        double largest = 0;
        for (double e : eigenvalues) {
            largest = Math.max(largest, Math.abs(e));
        }
        double[] clamped = eigenvalues.clone();
        double worst = 0;
        for (int i = 0; i < clamped.length; i++) {
            if (clamped[i] < 0) {
                worst = Math.min(worst, clamped[i]);
                clamped[i] = 0;
            }
        }
        if (worst < -1e-6 * Math.max(largest, Double.MIN_NORMAL)) {
            warnings.add(String.format(Locale.ROOT, "%s has an eigenvalue of %.3g (largest %.3g), beyond round-off: "
                    + "it is not positive semi-definite; was it computed from enough samples?", name, worst, largest));
        }
        return clamped;
    }

    private static void warnIfSingular(RealMatrix s, String name, List<String> warnings) {
        warnIfSingular(new EigenDecomposition(symmetrised(s)).getRealEigenvalues(), name, warnings);
    }

    private static void warnIfSingular(double[] eigenvalues, String name, List<String> warnings) {
        double largest = 0;
        for (double e : eigenvalues) {
            largest = Math.max(largest, Math.abs(e));
        }
        int zero = 0;
        for (double e : eigenvalues) {
            if (e <= SINGULAR_TOLERANCE * largest) {
                zero++;
            }
        }
        if (zero > 0) {
            warnings.add(name + " is singular (" + zero + " of " + eigenvalues.length + " directions without variance:"
                    + " dead features, or fewer images than features); the distance is still defined but rests on fewer directions");
        }
    }

    /** (A + A') / 2: removes the asymmetry that round-off leaves, which the symmetric eigen-solver would reject. */
    private static RealMatrix symmetrised(RealMatrix a) {
        return a.add(a.transpose()).scalarMultiply(0.5);
    }
}
