package io.github.kinesisproducer.flink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.ForwardProxy;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.test.LocalKinesisExtension;
import io.github.kinesisproducer.test.LocalStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code 'connector' = 'kinesis-producer'}: CREATE TABLE, then INSERT INTO, read back through the KCL. */
class SqlConnectorIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestCluster.extension(REPORTER);
    @RegisterExtension
    static final LocalKinesisExtension KINESIS = new LocalKinesisExtension();

    private static StreamTableEnvironment tables;

    @BeforeAll
    static void tables() {
        tables = StreamTableEnvironment.create(FlinkTestCluster.env(0));
    }

    /** The WITH clause for a stream on the emulator. */
    private static String with(LocalStream stream, String extra) {
        return "'connector' = 'kinesis-producer', 'stream' = '" + stream.name() + "', "
                + "'aws.region' = 'us-east-1', 'aws.endpoint' = '" + stream.endpoint() + "', "
                + "'aws.credentials.provider' = 'BASIC', "
                + "'aws.credentials.basic.accesskeyid' = '" + EmulatorClients.ACCESS_KEY_ID + "', "
                + "'aws.credentials.basic.secretkey' = '" + EmulatorClients.SECRET_ACCESS_KEY + "', "
                + "'format' = 'json'" + extra;
    }

    private static List<KclReadBack.Read> read(LocalStream stream) {
        try (StreamAdmin admin = StreamAdmin.forEndpoint(stream.endpoint())) {
            return KclReadBack.read(admin, stream.name()).records();
        }
    }

    @Test
    void insertIntoFromADatagenTableWritesEveryRowAsJsonKeyedByItsPartitionColumn() throws Exception {
        int n = 5_000;
        LocalStream stream = KINESIS.createStream("flink-sql", 2);
        tables.executeSql("CREATE TEMPORARY TABLE gen (id BIGINT) WITH ('connector' = 'datagen', "
                + "'number-of-rows' = '" + n + "', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0', "
                + "'fields.id.end' = '" + (n - 1) + "')");
        tables.executeSql("CREATE TEMPORARY TABLE orders (order_id BIGINT, customer_id STRING, total BIGINT) "
                + "PARTITIONED BY (customer_id) WITH (" + with(stream, ", 'producer.buffer_time_limit' = '0.05'")
                + ")");
        tables.executeSql("INSERT INTO orders SELECT id, CONCAT('c-', CAST(id % 50 AS STRING)), id * 3 FROM gen")
                .await();

        List<KclReadBack.Read> rows = read(stream);
        Map<String, Integer> seen = new HashMap<>();
        for (KclReadBack.Read r : rows) {
            seen.merge(r.text(), 1, Integer::sum);
        }
        assertThat(rows).hasSize(n);
        for (long id = 0; id < n; id++) {
            String customer = "c-" + (id % 50);
            assertThat(seen).containsEntry("{\"order_id\":" + id + ",\"customer_id\":\"" + customer + "\",\"total\":"
                    + id * 3 + "}", 1);
        }
        assertThat(rows).allSatisfy(r -> assertThat(r.text()).contains("\"customer_id\":\"" + r.partitionKey()
                + "\""));
        assertThat(rows.stream().filter(KclReadBack.Read::aggregated).count()).isGreaterThan(n * 9L / 10);
    }

    @Test
    void insertIntoFromValuesWithoutPartitionColumnsUsesRandomKeys() throws Exception {
        LocalStream stream = KINESIS.createStream("flink-sql-values", 1);
        tables.executeSql("CREATE TEMPORARY TABLE events (name STRING, amount INT) WITH (" + with(stream, "") + ")");
        tables.executeSql("INSERT INTO events VALUES ('a', 1), ('b', 2), ('c', 3)").await();
        List<KclReadBack.Read> rows = read(stream);
        assertThat(rows).extracting(KclReadBack.Read::text).containsExactlyInAnyOrder("{\"name\":\"a\",\"amount\":1}",
                "{\"name\":\"b\",\"amount\":2}", "{\"name\":\"c\",\"amount\":3}");
        assertThat(rows).extracting(KclReadBack.Read::partitionKey).doesNotHaveDuplicates();
    }

    /**
     * 'sink.proxy-url' with the user, 'sink.proxy-password' apart: every call goes through a real forward proxy with
     * Basic authentication (its own log shows the requests) and every row is read back. When the sink cannot be made
     * (here: a password without a user in the URL), Flink lists the table's options in its error, and the password is
     * hidden there as in the connector's own message.
     */
    @Test
    void insertIntoThroughAnAuthenticatedHttpProxy_andThePasswordIsNeverShown() throws Exception {
        LocalStream stream = KINESIS.createStream("flink-sql-proxy", 1);
        String password = "fl1nk:pa ss@word";
        try (ForwardProxy proxy = ForwardProxy.start("flink-user", password)) {
            String proxyUrl = "http://flink-user@127.0.0.1:" + proxy.port();
            tables.executeSql("CREATE TEMPORARY TABLE via_proxy (name STRING, amount INT) WITH (" + with(stream,
                    ", 'sink.proxy-url' = '" + proxyUrl + "', 'sink.proxy-password' = '" + password + "', "
                            + "'sink.use-system-proxy' = 'false', 'sink.non-proxy-hosts' = 'kinesis.internal'")
                    + ")");
            tables.executeSql("INSERT INTO via_proxy VALUES ('a', 1), ('b', 2), ('c', 3)").await();
            assertThat(read(stream)).extracting(KclReadBack.Read::text).containsExactlyInAnyOrder(
                    "{\"name\":\"a\",\"amount\":1}", "{\"name\":\"b\",\"amount\":2}",
                    "{\"name\":\"c\",\"amount\":3}");
            assertThat(proxy.log()).as("PutRecords through the proxy")
                    .contains("REQUEST POST " + stream.endpoint() + "/");
            assertThat(proxy.authFailures()).isZero();

            tables.executeSql("CREATE TEMPORARY TABLE proxy_bad (name STRING) WITH (" + with(stream,
                    ", 'sink.proxy-url' = 'http://127.0.0.1:" + proxy.port() + "', 'sink.proxy-password' = '"
                            + password + "'") + ")");
            assertThatThrownBy(() -> tables.executeSql("INSERT INTO proxy_bad VALUES ('a')"))
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e -> assertThat(allMessages(e)).contains("'sink.proxy-password'", "names the user")
                            .doesNotContain(password).doesNotContain("pa ss"));
        }
    }

    @Test
    void wrongOptionsAreRefusedWhenTheInsertIsPlannedNamingTheOption() {
        LocalStream stream = KINESIS.createStream("flink-sql-bad", 1);
        tables.executeSql("CREATE TEMPORARY TABLE gen_bad (id BIGINT) WITH ('connector' = 'datagen', "
                + "'number-of-rows' = '1')");
        tables.executeSql("CREATE TEMPORARY TABLE typo (id BIGINT) WITH (" + with(stream, ", 'strem' = 'x'") + ")");
        assertThatThrownBy(() -> tables.executeSql("INSERT INTO typo SELECT id FROM gen_bad"))
                .isInstanceOf(ValidationException.class).satisfies(e -> assertThat(allMessages(e)).contains("strem"));
        tables.executeSql("CREATE TEMPORARY TABLE bad_setting (id BIGINT) WITH ("
                + with(stream, ", 'producer.record_tll' = '60'") + ")");
        assertThatThrownBy(() -> tables.executeSql("INSERT INTO bad_setting SELECT id FROM gen_bad"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(allMessages(e)).contains("unknown key 'record_tll'", "record_ttl"));
        tables.executeSql("CREATE TEMPORARY TABLE bad_policy (id BIGINT) WITH ("
                + with(stream, ", 'sink.failure-handling' = 'retry'") + ")");
        assertThatThrownBy(() -> tables.executeSql("INSERT INTO bad_policy SELECT id FROM gen_bad"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(allMessages(e)).contains("'sink.failure-handling' = 'retry'", "'drop'"));
    }

    private static String allMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
