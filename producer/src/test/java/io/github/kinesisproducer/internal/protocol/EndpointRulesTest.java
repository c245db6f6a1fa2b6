package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.endpoints.KinesisEndpointProvider;

/**
 * The producer applies Kinesis's endpoint rules to the regions module's partition metadata itself, so that it needs no
 * SDK Kinesis module: for every region the SDK knows, with and without FIPS and dual-stack, the endpoint must be the one
 * the SDK's own Kinesis endpoint provider (on the test class path only) resolves.
 */
class EndpointRulesTest {
    @Test
    void everyRegionWithAndWithoutFipsAndDualStackResolvesAsTheSdksKinesisRulesDo() {
        List<String> checked = new ArrayList<>();
        for (Region region : Region.regions()) {
            for (boolean fips : new boolean[] {false, true}) {
                for (boolean dualStack : new boolean[] {false, true}) {
                    URI sdk;
                    try {
                        sdk = KinesisEndpointProvider.defaultProvider()
                                .resolveEndpoint(p -> p.region(region).useFips(fips).useDualStack(dualStack)).join()
                                .url();
                    } catch (RuntimeException notSupported) {
                        continue; // a combination the partition does not offer: the SDK refuses it too
                    }
                    assertThat(Endpoints.regionEndpoint(region, fips, dualStack))
                            .as("%s fips=%s dualStack=%s", region, fips, dualStack).isEqualTo(sdk);
                    checked.add(region.id());
                }
            }
        }
        assertThat(checked).contains("us-east-1", "us-gov-west-1", "cn-north-1").hasSizeGreaterThan(100);
    }

    @Test
    void fipsAndDualStackEndpointsAsDocumented() {
        assertThat(Endpoints.regionEndpoint(Region.US_EAST_1, true, false))
                .isEqualTo(URI.create("https://kinesis-fips.us-east-1.amazonaws.com"));
        assertThat(Endpoints.regionEndpoint(Region.US_EAST_1, false, true))
                .isEqualTo(URI.create("https://kinesis.us-east-1.api.aws"));
        assertThat(Endpoints.regionEndpoint(Region.US_EAST_1, true, true))
                .isEqualTo(URI.create("https://kinesis-fips.us-east-1.api.aws"));
        // GovCloud's plain endpoint is its FIPS endpoint.
        assertThat(Endpoints.regionEndpoint(Region.US_GOV_WEST_1, true, false))
                .isEqualTo(URI.create("https://kinesis.us-gov-west-1.amazonaws.com"));
        assertThat(Endpoints.regionEndpoint(Region.CN_NORTH_1, false, true))
                .isEqualTo(URI.create("https://kinesis.cn-north-1.api.amazonwebservices.com.cn"));
    }
}
