package software.amazon.kinesis.producer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metric as {@link KinesisProducer#getMetrics()} returns it: a name, dimensions, statistics over a duration.
 * Immutable. Which KPL metrics exist here and how they are computed: {@code docs/kpl-compat.md}.
 */
public class Metric {
    private final String name;
    private final long duration;
    private final Map<String, String> dimensions;
    private final double sum;
    private final double mean;
    private final double sampleCount;
    private final double min;
    private final double max;

    Metric(String name, long durationSeconds, Map<String, String> dimensions, double sum, double sampleCount,
            double min, double max) {
        this.name = name;
        this.duration = durationSeconds;
        this.dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        this.sum = sum;
        this.sampleCount = sampleCount;
        this.mean = sampleCount == 0 ? 0 : sum / sampleCount;
        this.min = min;
        this.max = max;
    }

    /** The dimensions, in order (e.g. {@code StreamName}, {@code ErrorCode}); empty for the global metric. */
    public Map<String, String> getDimensions() {
        return dimensions;
    }

    public double getSum() {
        return sum;
    }

    public double getMean() {
        return mean;
    }

    public double getSampleCount() {
        return sampleCount;
    }

    public double getMin() {
        return min;
    }

    public double getMax() {
        return max;
    }

    public String getName() {
        return name;
    }

    /** The number of seconds over which the statistics were accumulated. */
    public long getDuration() {
        return duration;
    }

    @Override
    public String toString() {
        return "Metric [name=" + name + ", duration=" + duration + ", dimensions=" + dimensions + ", sum=" + sum
                + ", mean=" + mean + ", sampleCount=" + sampleCount + ", min=" + min + ", max=" + max + "]";
    }
}
