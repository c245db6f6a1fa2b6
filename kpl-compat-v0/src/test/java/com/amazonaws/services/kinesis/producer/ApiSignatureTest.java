package com.amazonaws.services.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.producer.ApiComparison;

/** This module's public API against the real KPL 0.15.12 jar's. */
class ApiSignatureTest {
    static final Set<String> NOT_PROVIDED = Set.of("Daemon", "HashedFileCopier", "LogInputStreamReader",
            "GlueSchemaRegistrySerializerInstance", "CertificateExtractor", "FileAgeManager");
    static final Set<String> MEMBERS_NOT_PROVIDED = Set.of(
            "KinesisProducer.<init>(java.io.File,java.io.File)", // connects to a running daemon's pipes (KPL tests)
            "Metric.<init>(com.amazonaws.services.kinesis.producer.protobuf.Messages$Metric)"); // the daemon's protobuf
    static final Set<String> ADDED = Set.of(
            "KinesisProducerConfiguration.setProducerProperty(java.lang.String,java.lang.String)"
                    + "->com.amazonaws.services.kinesis.producer.KinesisProducerConfiguration",
            "KinesisProducerConfiguration.getProducerProperties()->java.util.Map");

    @Test
    void everyPublicKplClassAndMemberExistsHere() throws Exception {
        String jar = System.getProperty("kpl.api.jar");
        assertThat(jar).as("system property kpl.api.jar (set by the build)").isNotNull();
        assertThat(new ApiComparison(NOT_PROVIDED, MEMBERS_NOT_PROVIDED, ADDED).differences(jar,
                "com.amazonaws.services.kinesis.producer", ApiSignatureTest.class.getClassLoader(), 14))
                .as("KPL 0.15.12 API not matched (or not listed as an addition)").isEmpty();
    }
}
