package com.amazonaws.services.kinesis.producer;

import java.util.Map;

/** A metric as the KPL 0.x returns it: a copy of the 1.x module's {@code Metric}. Immutable. */
public class Metric {
    private final software.amazon.kinesis.producer.Metric m;

    Metric(software.amazon.kinesis.producer.Metric m) {
        this.m = m;
    }

    public Map<String, String> getDimensions() {
        return m.getDimensions();
    }

    public double getSum() {
        return m.getSum();
    }

    public double getMean() {
        return m.getMean();
    }

    public double getSampleCount() {
        return m.getSampleCount();
    }

    public double getMin() {
        return m.getMin();
    }

    public double getMax() {
        return m.getMax();
    }

    public String getName() {
        return m.getName();
    }

    /** The number of seconds over which the statistics were accumulated. */
    public long getDuration() {
        return m.getDuration();
    }

    @Override
    public String toString() {
        return m.toString();
    }
}
