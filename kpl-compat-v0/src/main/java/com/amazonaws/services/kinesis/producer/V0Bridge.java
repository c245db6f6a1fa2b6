package com.amazonaws.services.kinesis.producer;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import java.util.ArrayList;
import java.util.List;

/** The 1.x module's results, failures and metrics as the 0.x types. */
final class V0Bridge {
    private V0Bridge() {
    }

    static ListenableFuture<UserRecordResult> future(
            ListenableFuture<software.amazon.kinesis.producer.UserRecordResult> f) {
        SettableFuture<UserRecordResult> out = SettableFuture.create();
        Futures.addCallback(f, new FutureCallback<>() {
            @Override
            public void onSuccess(software.amazon.kinesis.producer.UserRecordResult r) {
                out.set(result(r));
            }

            @Override
            public void onFailure(Throwable t) {
                out.setException(failure(t));
            }
        }, MoreExecutors.directExecutor());
        return out;
    }

    static UserRecordResult result(software.amazon.kinesis.producer.UserRecordResult r) {
        List<Attempt> attempts = new ArrayList<>(r.getAttempts().size());
        for (software.amazon.kinesis.producer.Attempt a : r.getAttempts()) {
            attempts.add(new Attempt(a.getDelay(), a.getDuration(), a.getErrorMessage(), a.getErrorCode(),
                    a.isSuccessful()));
        }
        return new UserRecordResult(List.copyOf(attempts), r.getSequenceNumber(), r.getShardId(), r.isSuccessful());
    }

    /** 0.x futures fail with UserRecordFailedException, FutureTimedOutException, or what stopped the producer. */
    static Throwable failure(Throwable t) {
        if (t instanceof software.amazon.kinesis.producer.UserRecordFailedException e) {
            return new UserRecordFailedException(result(e.getResult()));
        }
        if (t instanceof software.amazon.kinesis.producer.FutureTimedOutException e) {
            return new FutureTimedOutException(e.getMessage());
        }
        if (t instanceof software.amazon.kinesis.producer.KinesisProducerException e && e.getCause() != null) {
            return e.getCause();
        }
        return t;
    }

    static List<Metric> metrics(List<software.amazon.kinesis.producer.Metric> metrics) {
        List<Metric> out = new ArrayList<>(metrics.size());
        for (software.amazon.kinesis.producer.Metric m : metrics) {
            out.add(new Metric(m));
        }
        return out;
    }

    static software.amazon.kinesis.producer.UserRecord record(UserRecord r) {
        return new software.amazon.kinesis.producer.UserRecord(r.getStreamName(), r.getPartitionKey(),
                r.getExplicitHashKey(), r.getData(), r.getSchema());
    }
}
