package io.github.kinesisproducer.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BillingTest {
    @Test
    void putPayloadUnitsRoundEachRecordUpTo25Kb() {
        // The pricing page's examples: 5 KB = 1 unit, 45 KB = 2, 1,000 KB ("1 MB") = 40.
        assertThat(Billing.putPayloadUnits(5 * 1024)).isEqualTo(1);
        assertThat(Billing.putPayloadUnits(45 * 1024)).isEqualTo(2);
        assertThat(Billing.putPayloadUnits(1000 * 1024)).isEqualTo(40);
        assertThat(Billing.putPayloadUnits(25_600)).isEqualTo(1);
        assertThat(Billing.putPayloadUnits(25_601)).isEqualTo(2);
        assertThat(Billing.putPayloadUnits(51_200)).isEqualTo(2); // a full 51,200-byte aggregate
        assertThat(Billing.putPayloadUnits(1024 * 1024)).isEqualTo(41); // a 1 MiB record
    }

    @Test
    void onDemandRoundsEachRecordUpToTheNextKb() {
        assertThat(Billing.onDemandKb(4608)).isEqualTo(5); // the pricing page's 4.5 KB record
        assertThat(Billing.onDemandKb(136)).isEqualTo(1); // 100 B + a 36-character key
        assertThat(Billing.onDemandKb(1024)).isEqualTo(1);
        assertThat(Billing.onDemandKb(1024 + 36)).isEqualTo(2); // a 1 KiB record with its key
        assertThat(Billing.onDemandKb(51_200)).isEqualTo(50);
    }

    @Test
    void everyRecordCostsAtLeastOneUnitAndSizesAreNotNegative() {
        assertThat(Billing.putPayloadUnits(0)).isEqualTo(1);
        assertThat(Billing.onDemandKb(0)).isEqualTo(1);
        assertThat(Billing.onDemandKb(1)).isEqualTo(1);
        assertThatThrownBy(() -> Billing.onDemandKb(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
