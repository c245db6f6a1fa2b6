package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Where and as whom to connect: shared by {@code send} and {@code read}. */
final class AwsOptions {
    /** Used for local endpoints only, when no credentials are configured: emulators accept any. */
    static final String DUMMY_ACCESS_KEY = "AKIALOCALEMULATOR000";
    static final String DUMMY_SECRET_KEY = "local-emulator-secret";
    static final String LOCAL_DEFAULT_REGION = "us-east-1";

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region, e.g. eu-west-1. Default: the SDK's chain (AWS_REGION, the profile's region, "
                    + "EC2/ECS metadata); us-east-1 for a local --endpoint.")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Kinesis endpoint, e.g. http://127.0.0.1:4567 for a local emulator or a VPC endpoint. "
                    + "For 127.0.0.1/localhost without configured credentials, dummy credentials are used.")
    String endpoint;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "Profile from ~/.aws/config and ~/.aws/credentials. Default: the SDK's default chain "
                    + "(environment, system properties, default profile, SSO, container or instance role).")
    String profile;

    /** The parsed endpoint, or null. */
    URI endpointUri() {
        if (endpoint == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw CliException.usage("--endpoint must look like http://127.0.0.1:4567 or https://host; got '"
                    + endpoint + "'");
        }
        // java.net.URI accepts any digits as a port; the connection would fail only after retries.
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw CliException.usage("--endpoint '" + endpoint + "' has port " + uri.getPort()
                    + "; allowed: 1 to 65535, or none for the scheme's default");
        }
        return uri;
    }

    /** True for an endpoint on this machine (emulators): loopback names and addresses. */
    boolean isLocal() {
        URI uri = endpointUri();
        if (uri == null) {
            return false;
        }
        String host = uri.getHost().replace("[", "").replace("]", "");
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would be a network lookup.
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    String resolveRegion() {
        if (region != null && !region.isBlank()) {
            String r = region.trim();
            OptionCheck.check("--region", OptionCheck.quote(r), "a region name such as eu-west-1",
                    () -> ProducerConfig.builder().region(r));
            return r;
        }
        if (isLocal() && profile == null) {
            // No chain lookups for emulators (the chain may query instance metadata): they ignore the region.
            String env = System.getenv("AWS_REGION");
            return env != null && !env.isBlank() ? env : LOCAL_DEFAULT_REGION;
        }
        try {
            DefaultAwsRegionProviderChain chain = profile == null ? new DefaultAwsRegionProviderChain()
                    : DefaultAwsRegionProviderChain.builder().profileName(profile).build();
            return chain.getRegion().id();
        } catch (SdkClientException e) {
            throw CliException.usage("no AWS region configured: pass --region, set AWS_REGION, or set region in "
                    + "your profile" + (profile == null ? "" : " '" + profile + "'"));
        }
    }

    AwsCredentialsProvider credentials() {
        if (profile != null) {
            return ProfileCredentialsProvider.create(profile);
        }
        if (isLocal()) {
            // Real credentials still win if configured; otherwise any will do for an emulator.
            return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true).credentialsProviders(
                    EnvironmentVariableCredentialsProvider.create(), SystemPropertyCredentialsProvider.create(),
                    ProfileCredentialsProvider.create(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY)))
                    .build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** A synchronous client for reading (JSON instead of CBOR for plain-http emulators). */
    KinesisClient syncClient() {
        URI uri = endpointUri();
        KinesisClientBuilder b = KinesisClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(resolveRegion()))
                .credentialsProvider(credentials());
        if (uri != null) {
            b.endpointOverride(uri);
            if (uri.getScheme().equals("http")) {
                // kinesalite's CBOR is broken; the SDK reads this property when the client is built. A CLI process
                // talks to one endpoint, so setting it JVM-wide is harmless here.
                System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
            }
        }
        return b.build();
    }
}
