package dev.hupbot.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Percentiles of a set of samples (nearest rank), and how the tables print numbers. */
record Stats(double[] sorted) {

    static Stats of(Collection<Double> samples) {
        double[] values = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(values);
        return new Stats(values);
    }

    int count() {
        return sorted.length;
    }

    /** Nearest-rank percentile, {@code p} in 0..100; NaN when there are no samples. */
    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double median() {
        return percentile(50);
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    double mean() {
        return Arrays.stream(sorted).average().orElse(Double.NaN);
    }

    /** Milliseconds with sensible precision: 0.012, 1.23, 45.6, 1234. */
    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        String format = abs < 0.1 ? "%.3f" : abs < 10 ? "%.2f" : abs < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, format, value);
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
