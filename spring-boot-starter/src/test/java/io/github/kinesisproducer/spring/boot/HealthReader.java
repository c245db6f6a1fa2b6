package io.github.kinesisproducer.spring.boot;

import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * Reads the {@code kinesis} health indicator through whichever actuator API the class path has (Spring Boot 4's
 * {@code org.springframework.boot.health.contributor} or Boot 3's {@code org.springframework.boot.actuate.health}):
 * both have {@code health()}, {@code getStatus()} and {@code getDetails()}. So the same tests run on both lines.
 */
final class HealthReader {
    /** A health as the actuator would show it. */
    record Reading(String status, Map<String, Object> details) {
        @SuppressWarnings("unchecked")
        Map<String, Object> producer(String name) {
            return (Map<String, Object>) details.get(name);
        }
    }

    private HealthReader() {
    }

    /** The indicator's interface, to check it is the one the actuator on the class path looks for. */
    static Class<?> indicatorType() throws ClassNotFoundException {
        try {
            return Class.forName("org.springframework.boot.health.contributor.HealthIndicator");
        } catch (ClassNotFoundException e) {
            return Class.forName("org.springframework.boot.actuate.health.HealthIndicator");
        }
    }

    static Reading read(ApplicationContext context) throws Exception {
        Class<?> type = indicatorType();
        Object indicator = context.getBean("kinesisHealthIndicator");
        if (!type.isInstance(indicator)) {
            throw new AssertionError("kinesisHealthIndicator is not a " + type.getName() + ": " + indicator);
        }
        return reading(type.getMethod("health").invoke(indicator));
    }

    /**
     * The health the actuator's {@code health} endpoint gives for one contributor ({@code /actuator/health/kinesis}):
     * proof that the actuator found the indicator under that name. Details need
     * {@code management.endpoint.health.show-details=always}.
     */
    static Reading readEndpoint(ApplicationContext context, String contributor) throws Exception {
        Object endpoint = context.getBean("healthEndpoint");
        Method forPath = endpoint.getClass().getMethod("healthForPath", String[].class);
        Object health = forPath.invoke(endpoint, (Object) new String[] {contributor});
        if (health == null) {
            throw new AssertionError("the health endpoint has no contributor '" + contributor + "'");
        }
        return reading(health);
    }

    @SuppressWarnings("unchecked")
    private static Reading reading(Object health) throws Exception {
        Object code = health.getClass().getMethod("getStatus").invoke(health);
        String statusCode = (String) code.getClass().getMethod("getCode").invoke(code);
        Map<String, Object> details = (Map<String, Object>) health.getClass().getMethod("getDetails").invoke(health);
        return new Reading(statusCode, details);
    }
}
