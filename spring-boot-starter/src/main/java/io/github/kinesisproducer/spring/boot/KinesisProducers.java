package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.KinesisProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The auto-configured producers (bean {@code kinesisProducers}, the factory of the producer beans), closed through
 * Spring's lifecycle: in a phase that stops after the web server, message listeners and other ordinary
 * {@link SmartLifecycle} beans, each producer sends what it holds and waits for the results within
 * {@code spring.lifecycle.timeout-per-shutdown-phase} (less a margin, so Spring never gives up on it first), then fails
 * what is left ({@code close(Duration)}): every future completes. The producers close in parallel. When the context
 * is destroyed without stopping (its refresh failed) the same close runs from {@link #destroy()}, so no producer
 * thread outlives the context.
 */
public final class KinesisProducers implements SmartLifecycle, DisposableBean {
    /**
     * The lifecycle phase: low, so the producers stop after the beans that may still send while they stop (Spring
     * stops higher phases first; the web server's graceful shutdown and message listener containers have phases near
     * {@link SmartLifecycle#DEFAULT_PHASE}).
     */
    public static final int PHASE = Integer.MIN_VALUE + 1000;

    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducers.class);
    private static final AtomicInteger SHUTDOWNS = new AtomicInteger();

    private final KinesisProducerFactory factory;
    private final Duration shutdownTimeout;
    private final Map<String, ManagedProducer> producers = new ConcurrentHashMap<>();
    private volatile boolean running;

    KinesisProducers(KinesisProducerFactory factory, Duration shutdownTimeout) {
        this.factory = factory;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Builds the producer named {@code name}: the factory method of each producer bean, called once per bean. */
    KinesisProducer create(String name) {
        ManagedProducer managed = factory.create(name);
        producers.put(name, managed);
        return managed.producer();
    }

    /** The producers built so far, in no particular order. */
    Collection<ManagedProducer> all() {
        return List.copyOf(producers.values());
    }

    /** How long a close may drain: the shutdown phase's timeout less a margin (a tenth, at most 1 s). */
    Duration drainTimeout() {
        Duration margin = shutdownTimeout.dividedBy(10);
        if (margin.compareTo(Duration.ofSeconds(1)) > 0) {
            margin = Duration.ofSeconds(1);
        }
        return shutdownTimeout.minus(margin);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        closeAll();
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        Thread t = new Thread(() -> {
            try {
                closeAll();
            } finally {
                running = false;
                callback.run();
            }
        }, "kinesis-producer-spring-shutdown-" + SHUTDOWNS.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes whatever is still open (after a failed refresh; after a stop it finds every producer closed). */
    @Override
    public void destroy() {
        closeAll();
    }

    /** Closes every producer at once, each within the drain timeout; returns when all are closed. */
    private void closeAll() {
        List<ManagedProducer> open = new ArrayList<>(producers.values());
        if (open.isEmpty()) {
            return;
        }
        Duration timeout = drainTimeout();
        CountDownLatch done = new CountDownLatch(open.size());
        for (ManagedProducer p : open) {
            Thread t = new Thread(() -> {
                try {
                    close(p, timeout);
                } finally {
                    done.countDown();
                }
            }, "kinesis-producer-spring-close-" + p.name());
            t.setDaemon(true);
            t.start();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(ManagedProducer p, Duration timeout) {
        long buffered = p.producer().metrics().bufferedRecords();
        if (p.producer().close(timeout)) {
            LOG.debug("Kinesis producer '{}' closed; {} records were still buffered when it began", p.name(), buffered);
        } else {
            LOG.warn("Kinesis producer '{}' (stream {}) did not finish within {} (spring.lifecycle."
                    + "timeout-per-shutdown-phase less a margin): the records still held have failed with "
                    + "ProducerClosedException", p.name(), p.producer().config().streamName(), timeout);
        }
    }
}
