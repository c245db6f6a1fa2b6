package io.github.kinesisproducer.test;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Integration tests against a local Kinesis emulator: kinesalite on 127.0.0.1 (a random port), started once per JVM
 * and shared by every test class (streams get unique names), with streams made on request, a producer configured for
 * them and a reader that returns user records. Needs {@code node} and {@code npm} on PATH (kinesalite is installed
 * from npm on first use).
 *
 * <p>With parameters ({@link LocalKinesis} registers the extension):
 * <pre>{@code
 * @LocalKinesis
 * class OrderEventsIT {
 *     @Test
 *     void placedOrdersReachTheStream(@StreamSpec(shards = 2) LocalStream stream, Producer producer, RecordReader reader) {
 *         new OrderEvents(producer).placed(order).join();
 *         assertThat(reader.records()).extracting(UserRecord::partitionKey).containsExactly(order.id());
 *     }
 * }
 * }</pre>
 * A {@link LocalStream} parameter is a new stream ({@link StreamSpec}: shards, name prefix). {@link Producer},
 * {@link KinesisProducer} and {@link RecordReader} parameters belong to the method's first {@code LocalStream}
 * parameter; without one, to the first stream made for the test (e.g. in {@code @BeforeEach}) or for its class (in
 * {@code @BeforeAll}), else to a new one-shard stream. A {@link URI} parameter is the emulator's endpoint.
 *
 * <p>Or in code, registered on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final LocalKinesisExtension KINESIS = new LocalKinesisExtension();
 *
 * @Test
 * void placedOrdersReachTheStream() {
 *     LocalStream stream = KINESIS.createStream("orders", 2);
 *     new OrderEvents(stream.producer()).placed(order).join();
 *     assertThat(stream.reader().records()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Lifetimes: what is made during a test (in it, or in {@code @BeforeEach}/{@code @AfterEach}) ends with the test,
 * what is made in {@code @BeforeAll} ends with the class: producers are closed (sending what they hold), then streams
 * deleted. The shared emulator stops when the JVM exits. {@link #withOwnEmulator()} gives a test class an emulator of
 * its own (for fixed stream names, an empty emulator, or to kill or pause it), stopped after the class.
 *
 * <p>It switches the AWS SDK to JSON for Kinesis clients built afterwards in this JVM ({@code aws.cborEnabled=false}),
 * which kinesalite needs (see {@link EmulatorClients#disableCbor()}); the producer's own client always speaks JSON.
 */
public class LocalKinesisExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKinesisExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalKinesisExtension.class);
    private static final Set<Class<?>> INJECTED =
            Set.of(LocalStream.class, Producer.class, KinesisProducer.class, RecordReader.class, URI.class);
    private static StreamAdmin sharedAdmin;
    private static URI sharedAdminEndpoint;

    private final boolean ownEmulator;
    private volatile Kinesalite own;
    private volatile StreamAdmin ownAdmin;
    /** Scopes of the classes running now (nested classes on top). */
    private final Deque<Scope> classScopes = new ConcurrentLinkedDeque<>();
    /** The running test's scope, for streams made in code; set on the thread that runs the test's callbacks. */
    @SuppressWarnings("ThreadLocalUsage") // one per extension instance: each registered extension has its own scopes
    private final ThreadLocal<Scope> testScope = new ThreadLocal<>();

    /** On the emulator shared by the JVM. */
    public LocalKinesisExtension() {
        this(false);
    }

    private LocalKinesisExtension(boolean ownEmulator) {
        this.ownEmulator = ownEmulator;
    }

    /** On an emulator of the test class's own, started before its first test and stopped after its last. */
    public static LocalKinesisExtension withOwnEmulator() {
        return new LocalKinesisExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmulatorClients.disableCbor();
        Scope scope = scope(context);
        if (ownEmulator && own == null) {
            Kinesalite k = Kinesalite.start();
            StreamAdmin admin = StreamAdmin.forEndpoint(k.endpoint());
            scope.register(k); // registered first, so closed last: after the class's streams are deleted
            scope.register(admin);
            ownAdmin = admin;
            own = k;
        }
        classScopes.push(scope);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        classScopes.remove(scope(context)); // the store closes it when the class's context ends
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testScope.set(scope(context));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        testScope.remove();
    }

    /** The emulator's endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return emulator().endpoint();
    }

    /** The emulator process (the shared one: don't stop or pause it; your own one: as you like). */
    public Kinesalite emulator() {
        if (!ownEmulator) {
            EmulatorClients.disableCbor();
            return Kinesalite.shared();
        }
        Kinesalite k = own;
        if (k == null) {
            throw new IllegalStateException("LocalKinesisExtension.withOwnEmulator() starts its emulator before the "
                    + "class's tests: register it on a static field (@RegisterExtension static final ...)");
        }
        return k;
    }

    /**
     * Creates a stream named {@code prefix-<random>} with {@code shards} open shards and waits until it is ACTIVE. It
     * belongs to the running test, or to the class when called from {@code @BeforeAll}.
     */
    public LocalStream createStream(String prefix, int shards) {
        return create(currentScope(), StreamAdmin.uniqueStreamName(prefix), shards);
    }

    /**
     * Creates a stream with exactly this name (on the shared emulator, other test classes may use the same name: prefer
     * {@link #createStream} there, or {@link #withOwnEmulator()}).
     */
    public LocalStream createStreamNamed(String name, int shards) {
        return create(currentScope(), name, shards);
    }

    /** A handle on a stream that exists already (made by the code under test): read it, send to it. Not deleted. */
    public LocalStream stream(String name) {
        return new LocalStream(name, endpoint(), admin(), currentScope());
    }

    private LocalStream create(Scope scope, String name, int shards) {
        StreamAdmin admin = admin();
        admin.createStream(name, shards);
        scope.register(() -> delete(admin, name));
        LocalStream stream = new LocalStream(name, endpoint(), admin, scope);
        scope.created(stream);
        return stream;
    }

    /** Deletes without waiting: kinesalite finishes it in the background, so long suites stay under its shard limit. */
    private static void delete(StreamAdmin admin, String name) {
        try {
            admin.client().deleteStream(b -> b.streamName(name));
        } catch (ResourceNotFoundException gone) {
            // deleted by the test itself
        } catch (RuntimeException e) {
            LOG.warn("could not delete test stream {}: {}", name, e.toString());
        }
    }

    private StreamAdmin admin() {
        if (ownEmulator) {
            emulator();
            return ownAdmin;
        }
        return sharedAdmin(endpoint());
    }

    private static synchronized StreamAdmin sharedAdmin(URI endpoint) {
        if (sharedAdmin == null || !endpoint.equals(sharedAdminEndpoint)) {
            StreamAdmin admin = StreamAdmin.forEndpoint(endpoint);
            Runtime.getRuntime().addShutdownHook(new Thread(admin::close, "local-kinesis-admin-close"));
            sharedAdmin = admin;
            sharedAdminEndpoint = endpoint;
        }
        return sharedAdmin;
    }

    private Scope currentScope() {
        Scope s = testScope.get();
        if (s == null) {
            s = classScopes.peek();
        }
        if (s == null) {
            throw new IllegalStateException("LocalKinesisExtension makes streams inside a test, @BeforeEach or "
                    + "@BeforeAll (it closes them when those end); register it with @RegisterExtension");
        }
        return s;
    }

    /** The scope of a class or method context, made on first use and closed with the context. */
    private static Scope scope(ExtensionContext context) {
        Scope parent = context.getParent()
                .map(p -> p.getStore(NAMESPACE).get(p.getUniqueId(), Scope.class)).orElse(null);
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId(), id -> new Scope(parent),
                Scope.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == URI.class) {
            return endpoint();
        }
        Scope scope = scope(context);
        Executable method = parameter.getDeclaringExecutable();
        if (type == LocalStream.class) {
            return streamOf(scope, method, parameter.getIndex());
        }
        LocalStream stream = defaultStream(scope, method);
        return type == RecordReader.class ? stream.reader() : stream.producer();
    }

    private LocalStream streamOf(Scope scope, Executable method, int index) {
        Parameter p = method.getParameters()[index];
        StreamSpec spec = p.getAnnotation(StreamSpec.class);
        int shards = spec == null ? 1 : spec.shards();
        String prefix = spec == null ? "test" : spec.prefix();
        if (shards < 1) {
            throw new ParameterResolutionException("@StreamSpec(shards = " + shards + ") on " + method.getName()
                    + ": a stream needs at least one shard");
        }
        return scope.forParameter(method.toGenericString() + "#" + index,
                () -> create(scope, StreamAdmin.uniqueStreamName(prefix), shards));
    }

    private LocalStream defaultStream(Scope scope, Executable method) {
        Parameter[] params = method.getParameters();
        for (int i = 0; i < params.length; i++) {
            if (params[i].getType() == LocalStream.class) {
                return streamOf(scope, method, i);
            }
        }
        synchronized (scope) {
            LocalStream s = scope.firstStream();
            return s != null ? s : create(scope, StreamAdmin.uniqueStreamName("test"), 1);
        }
    }
}
