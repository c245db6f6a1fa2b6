package io.github.kinesisproducer.bench.flink;

import io.github.kinesisproducer.bench.sink.SinkStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The null sink's own GET endpoints: counters, and the arrival window that checks every record came once. */
final class NullSinkHttp {
    private final URI endpoint;
    private final HttpClient client = HttpClient.newHttpClient();

    NullSinkHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Its counters now (cumulative). */
    Map<String, Long> stats() throws IOException, InterruptedException {
        return SinkStats.parse(get("/__stats"));
    }

    /** Opens an arrival window for record indexes 0..records-1. */
    void expect(long records) throws IOException, InterruptedException {
        get("/__expect?records=" + records);
    }

    /** The window's verdict: expected, arrived, missing, unexpected, duplicates. */
    Map<String, Long> arrivals(long sent) throws IOException, InterruptedException {
        return SinkStats.parse(get("/__arrivals?sent=" + sent));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }
}
