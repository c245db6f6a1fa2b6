package io.github.kinesisproducer.internal.protocol;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.EndpointTag;
import software.amazon.awssdk.regions.PartitionEndpointKey;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The Kinesis endpoint, found the way an SDK client would find it, without building one: the producer's endpoint
 * setting; else the configured endpoint URLs in the SDK's order (system properties {@code aws.endpointUrlKinesis},
 * environment {@code AWS_ENDPOINT_URL_KINESIS}, {@code aws.endpointUrl}, {@code AWS_ENDPOINT_URL}, the profile's
 * {@code services} section {@code kinesis = endpoint_url}, the profile's {@code endpoint_url}), unless
 * {@code ignore_configured_endpoint_urls} says not to; else the region's endpoint by Kinesis's endpoint rules, with
 * FIPS and dual-stack as the system properties, environment or profile ask. The rules are applied here to the
 * partition metadata of the SDK's regions module (DNS suffixes), so the SDK's Kinesis module is not needed; a test
 * compares the result with that module's endpoint provider for every region.
 */
public final class Endpoints {
    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;
    private final Supplier<Optional<ProfileFile>> profileFile;

    /** @param profileFile the shared config files; empty if there are none or they cannot be read */
    Endpoints(UnaryOperator<String> properties, UnaryOperator<String> environment,
            Supplier<Optional<ProfileFile>> profileFile) {
        this.properties = properties;
        this.environment = environment;
        this.profileFile = profileFile;
    }

    /** This JVM's system properties, environment and ~/.aws config (AWS_CONFIG_FILE, AWS_PROFILE). */
    public static Endpoints ofSystem() {
        return new Endpoints(System::getProperty, System::getenv, () -> {
            try {
                return Optional.of(ProfileFile.defaultProfileFile());
            } catch (RuntimeException unreadable) { // the SDK client would have failed too; the rules still work
                return Optional.empty();
            }
        });
    }

    public URI resolve(URI configured, Region region) {
        if (configured != null) {
            return configured;
        }
        if (!flag("aws.ignoreConfiguredEndpointUrls", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                "ignore_configured_endpoint_urls")) {
            String url = firstSet(properties.apply("aws.endpointUrlKinesis"), environment.apply("AWS_ENDPOINT_URL_KINESIS"),
                    properties.apply("aws.endpointUrl"), environment.apply("AWS_ENDPOINT_URL"),
                    servicesEndpoint(), profileProperty("endpoint_url"));
            if (url != null) {
                try {
                    return URI.create(url.trim());
                } catch (IllegalArgumentException e) {
                    throw new io.github.kinesisproducer.ConfigException("the configured endpoint URL '" + url
                            + "' (aws.endpointUrlKinesis, AWS_ENDPOINT_URL_KINESIS, aws.endpointUrl, AWS_ENDPOINT_URL "
                            + "or the profile's endpoint_url) is not a valid URI: " + e.getMessage());
                }
            }
        }
        boolean fips = flag("aws.useFipsEndpoint", "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        boolean dualStack = flag("aws.useDualstackEndpoint", "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
        return regionEndpoint(region, fips, dualStack);
    }

    /**
     * Kinesis's endpoint rules for a region (without a stream ARN): {@code kinesis} or, for FIPS, {@code kinesis-fips},
     * then the region, then the partition's DNS suffix or its dual-stack suffix. One exception: FIPS without dual-stack
     * in AWS GovCloud is the plain {@code kinesis} host, which is FIPS there.
     */
    static URI regionEndpoint(Region region, boolean fips, boolean dualStack) {
        // The global pseudo-regions (aws-global, aws-cn-global, ...) belong to the partition their name says; the
        // regions module has no region metadata for them.
        String id = region.id();
        PartitionMetadata partition = id.endsWith("-global")
                ? PartitionMetadata.of(id.substring(0, id.length() - "-global".length()))
                : PartitionMetadata.of(region);
        String suffix = dualStack
                ? partition.dnsSuffix(PartitionEndpointKey.builder().tags(EndpointTag.DUALSTACK).build())
                : partition.dnsSuffix();
        boolean fipsHost = fips && (dualStack || !partition.id().equals("aws-us-gov"));
        String service = fipsHost ? "kinesis-fips" : "kinesis";
        return URI.create("https://" + service + "." + region.id() + "." + suffix);
    }

    private boolean flag(String property, String variable, String profileKey) {
        return Boolean.parseBoolean(firstSet(properties.apply(property), environment.apply(variable),
                profileProperty(profileKey)));
    }

    private Optional<Profile> profile() {
        String name = firstSet(properties.apply("aws.profile"), environment.apply("AWS_PROFILE"), "default");
        return profileFile.get().flatMap(f -> f.profile(name));
    }

    private String profileProperty(String key) {
        return profile().flatMap(p -> p.property(key)).orElse(null);
    }

    /** {@code services = name} in the profile, then {@code [services name]} with {@code kinesis = endpoint_url = ...}. */
    private String servicesEndpoint() {
        Optional<String> section = profile().flatMap(p -> p.property("services"));
        if (section.isEmpty()) {
            return null;
        }
        return profileFile.get().flatMap(f -> f.getSection("services", section.get()))
                .flatMap(s -> s.property("kinesis.endpoint_url")).orElse(null);
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
