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

/**
 * Where and as whom to connect: shared by every command that talks to Kinesis.
 *
 * <p>The endpoint is {@code --endpoint}, else the config file's, else the SDK's configured-endpoint settings
 * ({@code aws.endpointUrlKinesis}, {@code AWS_ENDPOINT_URL_KINESIS}, {@code aws.endpointUrl}, {@code AWS_ENDPOINT_URL},
 * as {@code kinesis-producer emulator} suggests to export), else the region's. {@code --proxy} is here too, next to
 * {@code --endpoint}, so that {@code send} (the producer's {@code proxy_url}) and the SDK clients of the other commands
 * get it alike.
 */
final class AwsOptions {
    /** Used for local endpoints only, when no credentials are configured: emulators accept any. */
    static final String DUMMY_ACCESS_KEY = "AKIALOCALEMULATOR000";
    static final String DUMMY_SECRET_KEY = "local-emulator-secret";
    static final String LOCAL_DEFAULT_REGION = "us-east-1";

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region, e.g. eu-west-1. Default: the SDK's chain (AWS_REGION, the profile's region, "
                    + "EC2/ECS metadata); us-east-1 for a local endpoint.")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Kinesis endpoint, e.g. http://127.0.0.1:4567 for a local emulator or a VPC endpoint. "
                    + "Default: AWS_ENDPOINT_URL_KINESIS or AWS_ENDPOINT_URL if set, else the region's. For "
                    + "127.0.0.1/localhost without configured credentials, dummy credentials are used.")
    String endpoint;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "HTTP proxy for every call to Kinesis, http://[USER:PASSWORD@]HOST[:PORT] (Basic "
                    + "authentication; https:// endpoints through a CONNECT tunnel), also for a local endpoint. "
                    + "Without it, send uses https.proxyHost or HTTPS_PROXY/NO_PROXY as Java and the AWS CLI read "
                    + "them (never for 127.0.0.1/localhost), the other commands Java's proxy properties. A password "
                    + "on the command line is visible to other users of the machine: prefer HTTPS_PROXY for send.")
    String proxy;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "Profile from ~/.aws/config and ~/.aws/credentials. Default: the SDK's default chain "
                    + "(environment, system properties, default profile, SSO, container or instance role).")
    String profile;

    /** From a config file: used when the options do not say. */
    private String fileRegion;
    private URI fileEndpoint;

    /** Region and endpoint to use when --region and --endpoint are not given (a config file's). */
    void fallbacks(String regionFromFile, URI endpointFromFile) {
        this.fileRegion = regionFromFile;
        this.fileEndpoint = endpointFromFile;
    }

    /** The endpoint to use, or null for the region's. */
    URI endpointUri() {
        if (endpoint != null) {
            return parseEndpoint("--endpoint", endpoint);
        }
        if (fileEndpoint != null) {
            return fileEndpoint;
        }
        if (!"true".equalsIgnoreCase(setting("aws.ignoreConfiguredEndpointUrls",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            String configured = setting("aws.endpointUrlKinesis", "AWS_ENDPOINT_URL_KINESIS");
            String name = "AWS_ENDPOINT_URL_KINESIS";
            if (configured == null) {
                configured = setting("aws.endpointUrl", "AWS_ENDPOINT_URL");
                name = "AWS_ENDPOINT_URL";
            }
            if (configured != null) {
                return parseEndpoint(name, configured);
            }
        }
        return null;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static URI parseEndpoint(String option, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw CliException.usage(option + " must look like http://127.0.0.1:4567 or https://host; got '"
                    + value + "'");
        }
        // java.net.URI accepts any digits as a port; the connection would fail only after retries.
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw CliException.usage(option + " '" + value + "' has port " + uri.getPort()
                    + "; allowed: 1 to 65535, or none for the scheme's default");
        }
        return uri;
    }

    /** The --proxy URL, or null. */
    URI proxyUri() {
        if (proxy == null || proxy.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(proxy.strip());
            if (uri.getHost() == null) {
                throw new URISyntaxException(proxy, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage("--proxy must look like http://[USER:PASSWORD@]HOST[:PORT], special characters "
                    + "of the user name and password %-encoded; got '" + redacted(proxy) + "'");
        }
    }

    /** A proxy URL for messages: what stands before its last '@' after the scheme (the credentials) as ****. */
    static String redacted(String url) {
        int start = url.indexOf("://") < 0 ? 0 : url.indexOf("://") + 3;
        int at = url.lastIndexOf('@');
        return at < start ? url : url.substring(0, start) + "****" + url.substring(at);
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
        if (fileRegion != null) {
            return fileRegion;
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

    /** Where {@link #credentials()} looks, for messages about missing or refused credentials. */
    String credentialSource() {
        if (profile != null) {
            return "profile '" + profile + "' (~/.aws/credentials, ~/.aws/config)";
        }
        String defaultProfile = System.getenv("AWS_PROFILE") == null ? "default" : System.getenv("AWS_PROFILE");
        if (isLocal()) {
            return "the environment, Java system properties or profile '" + defaultProfile + "' (else dummy "
                    + "credentials for a local endpoint)";
        }
        return "the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, Java system properties, web "
                + "identity token, profile '" + defaultProfile + "' in ~/.aws, SSO, container or instance role)";
    }

    /** The endpoint as a person would write it: the configured one, else the region's. */
    String endpointLabel(String resolvedRegion) {
        URI uri = endpointUri();
        if (uri != null) {
            return uri.toString();
        }
        try {
            return "https://" + KinesisClient.serviceMetadata().endpointFor(Region.of(resolvedRegion));
        } catch (RuntimeException e) {
            return "the Kinesis endpoint of " + resolvedRegion;
        }
    }

    /** What a call to {@code action} tries, for {@link ErrorLine}. */
    ErrorLine.Target target(String action, String stream) {
        String r = resolveRegion();
        return new ErrorLine.Target(action, stream, r, endpointLabel(r), credentialSource());
    }

    /** A synchronous client for reading and stream commands (JSON instead of CBOR for plain-http emulators). */
    KinesisClient syncClient() {
        URI uri = endpointUri();
        URI proxyUrl = proxyUri();
        KinesisClientBuilder b = KinesisClient.builder()
                .region(Region.of(resolveRegion()))
                .credentialsProvider(credentials());
        if (proxyUrl == null) {
            b.httpClientBuilder(UrlConnectionHttpClient.builder());
        } else {
            b.httpClient(CliProxy.httpClient(proxyUrl));
        }
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
