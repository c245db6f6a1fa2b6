package io.github.kinesisproducer.internal.protocol;

/**
 * A shard as ListShards reports it: its id, its hash key range (decimal strings, inclusive), its parents, and whether
 * it is open (no ending sequence number).
 */
public record ListedShard(String shardId, String startingHashKey, String endingHashKey, String parentShardId,
        String adjacentParentShardId, boolean open) {

    /** An open shard without parents. */
    public static ListedShard open(String shardId, String startingHashKey, String endingHashKey) {
        return new ListedShard(shardId, startingHashKey, endingHashKey, null, null, true);
    }
}
