package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/**
 * These tests run twice, in this module on Spring Boot 4 and in {@code boot3/} on Spring Boot 3.5: each run checks it
 * has the Boot (and Spring Framework) line its build names, so a dependency slip cannot make both runs the same.
 */
class BootVersionTest {

    @Test
    void theClassPathHasTheSpringBootLineTheBuildNames() {
        String expected = System.getProperty("expected.spring.boot.version");
        assertThat(expected).as("expected.spring.boot.version (set by the module's pom)").isNotBlank();
        assertThat(SpringBootVersion.getVersion()).isEqualTo(expected);
        String framework = expected.startsWith("3.") ? "6." : "7.";
        assertThat(SpringVersion.getVersion()).startsWith(framework);
    }
}
