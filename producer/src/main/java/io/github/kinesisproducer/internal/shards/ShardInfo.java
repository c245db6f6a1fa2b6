package io.github.kinesisproducer.internal.shards;

import java.util.Objects;

/**
 * One shard's hash range, inclusive at both ends, as ListShards reports it.
 *
 * @param shardId               the shard id, e.g. {@code shardId-000000000003}
 * @param startingHashKey       lowest hash key of the shard
 * @param endingHashKey         highest hash key of the shard (inclusive)
 * @param parentShardId         parent after a split or merge, or null
 * @param adjacentParentShardId the other parent after a merge, or null
 * @param open                  true iff the shard has no ending sequence number (still accepts writes)
 */
public record ShardInfo(String shardId, HashKey startingHashKey, HashKey endingHashKey, String parentShardId,
                        String adjacentParentShardId, boolean open) {

    public ShardInfo {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(startingHashKey, "startingHashKey");
        Objects.requireNonNull(endingHashKey, "endingHashKey");
        if (startingHashKey.compareTo(endingHashKey) > 0) {
            throw new IllegalArgumentException("Shard " + shardId + " has starting hash key " + startingHashKey
                    + " above its ending hash key " + endingHashKey);
        }
    }

    /** An open shard without parents, for tests and simple callers. */
    public static ShardInfo open(String shardId, HashKey startingHashKey, HashKey endingHashKey) {
        return new ShardInfo(shardId, startingHashKey, endingHashKey, null, null, true);
    }

    /** True iff startingHashKey ≤ k ≤ endingHashKey. */
    public boolean contains(HashKey k) {
        return startingHashKey.compareTo(k) <= 0 && k.compareTo(endingHashKey) <= 0;
    }
}
