package software.amazon.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** This module's public API against the real KPL 1.1.1 jar's ({@link ApiComparison}). */
class ApiSignatureTest {
    /** Public KPL classes with no counterpart: the daemon's plumbing. */
    static final Set<String> NOT_PROVIDED = Set.of(
            "Daemon", // the native process
            "HashedFileCopier", // extracts the native binary
            "LogInputStreamReader", // reads the daemon's log pipe
            "GlueSchemaRegistrySerializerInstance"); // links the GSR serializer; GSR serialization is not supported
    /** Public or protected members with no counterpart. */
    static final Set<String> MEMBERS_NOT_PROVIDED = Set.of(
            "KinesisProducer.<init>(java.io.File,java.io.File)", // connects to a running daemon's pipes (KPL tests)
            "Metric.<init>(software.amazon.kinesis.producer.protobuf.Messages$Metric)"); // the daemon's protobuf
    /** Our additions. */
    static final Set<String> ADDED = Set.of(
            "KinesisProducerConfiguration.setProducerProperty(java.lang.String,java.lang.String)"
                    + "->software.amazon.kinesis.producer.KinesisProducerConfiguration",
            "KinesisProducerConfiguration.getProducerProperties()->java.util.Map");

    @Test
    void everyPublicKplClassAndMemberExistsHere() throws Exception {
        String jar = System.getProperty("kpl.api.jar");
        assertThat(jar).as("system property kpl.api.jar (set by the build)").isNotNull();
        assertThat(new ApiComparison(NOT_PROVIDED, MEMBERS_NOT_PROVIDED, ADDED).differences(jar,
                "software.amazon.kinesis.producer", ApiSignatureTest.class.getClassLoader(), 15))
                .as("KPL 1.1.1 API not matched (or not listed as an addition)").isEmpty();
    }
}
