package io.github.kinesisproducer.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad {@code kinesis.producer.*} property into Spring Boot's start-up failure report, naming the property. */
final class KinesisProducerFailureAnalyzer extends AbstractFailureAnalyzer<KinesisProducerPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KinesisProducerPropertyException cause) {
        return new FailureAnalysis("The Kinesis producer could not be configured: " + cause.getMessage(),
                "Change " + cause.property() + " in the application's configuration (what is allowed is said above "
                        + "and in the property's description), or turn the auto-configured producer off with "
                        + KinesisProducerProperties.PREFIX + ".enabled=false.", cause);
    }
}
