package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Records a stream places itself share one bucket worth all its open shards. */
class StreamWideRateLimitTest {
    private static final long T0 = 5_000_000_000L;

    private static int acquired(ShardRateLimiter limiter, String key, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire(key, 100, T0)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void theStreamWideBucketHoldsAllOpenShardsWorth() {
        ShardRateLimiter limiter = new ShardRateLimiter(100, 1024 * 1024);
        limiter.streamShards(8);
        assertThat(acquired(limiter, OutRecord.STREAM_WIDE, 10_000)).isEqualTo(8_000);
        assertThat(acquired(limiter, "shardId-000000000000", 10_000)).as("a shard's own bucket").isEqualTo(1_000);
    }

    @Test
    void unknownShardCountMeansNoLimitAndAResizeTakesEffect() {
        ShardRateLimiter limiter = new ShardRateLimiter(150, 1024 * 1024);
        assertThat(acquired(limiter, OutRecord.STREAM_WIDE, 20_000)).isEqualTo(20_000);
        limiter.streamShards(2);
        assertThat(limiter.nextAvailableNanos(OutRecord.STREAM_WIDE, 100, T0 + 1_000_000_000L))
                .isEqualTo(T0 + 1_000_000_000L);
        assertThat(acquired(limiter, OutRecord.STREAM_WIDE, 10_000)).isEqualTo(3_000);
    }

    @Test
    void aLargerStreamRecordLimitStillFitsTheByteBucket() {
        ShardRateLimiter limiter = new ShardRateLimiter(100, 1024 * 1024);
        limiter.maxRecordSize(8 * 1024 * 1024);
        long t = T0;
        while (!limiter.tryAcquire("shardId-000000000001", 8 * 1024 * 1024, t)) {
            t += 1_000_000_000L;
            assertThat(t).as("an 8 MiB record passes within 8 s").isLessThan(T0 + 9_000_000_000L);
        }
    }
}
