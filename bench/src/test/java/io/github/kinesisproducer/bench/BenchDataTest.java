package io.github.kinesisproducer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchDataTest {

    @Test
    void lazyRecordsAreTheSameEveryTimeCarryTheirIndexAndHaveDistinctUuidKeys() {
        BenchData a = BenchData.lazy(1000, 100, 42);
        BenchData b = BenchData.lazy(1000, 100, 42);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(a.data(i)).hasSize(100).isEqualTo(b.data(i));
            assertThat(a.key(i)).isEqualTo(b.key(i)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(ByteBuffer.wrap(a.data(i)).getLong()).isEqualTo(i);
            keys.add(a.key(i));
        }
        assertThat(keys).hasSize(1000);
        assertThat(a.count()).isEqualTo(1000);
        assertThat(a.data).isNull();
    }

    @Test
    void eagerRecordsCarryTheirIndexToo() {
        BenchData d = BenchData.generate(100, 16, 7);
        for (int i = 0; i < 100; i++) {
            assertThat(ByteBuffer.wrap(d.data(i)).getLong()).isEqualTo(i);
            assertThat(d.key(i)).isSameAs(d.keys[i]);
        }
    }

    @Test
    void eagerAndLazyDataAreTheSameBytes() {
        BenchData eager = BenchData.generate(200, 100, 9);
        BenchData lazy = BenchData.lazy(200, 100, 9);
        for (int i = 0; i < 200; i++) {
            assertThat(lazy.data(i)).isEqualTo(eager.data(i));
            assertThat(lazy.key(i)).isEqualTo(eager.key(i));
        }
        // Not all zeros or a repeated pattern: bytes 8.. differ between records.
        assertThat(eager.data(1)).isNotEqualTo(eager.data(2));
    }
}
