package io.github.kinesisproducer.kafka;

import io.github.kinesisproducer.ProducerMetrics;
import java.lang.management.ManagementFactory;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's counters, and the producer's metrics with them, as one JMX bean beside Connect's own task metrics:
 * {@code kafka.connect:type=kinesis-sink-task-metrics,connector=NAME,task=N}, so exporters that already scrape
 * {@code kafka.connect} pick it up. Attributes are read when asked (the producer's snapshot then), in kebab-case as
 * Kafka's metrics are: {@code user-records-put}, {@code buffered-bytes}, ... and the task's {@code records-sent},
 * {@code records-acknowledged}, {@code records-failed}, {@code records-to-dlq}, {@code records-skipped},
 * {@code pauses}, {@code commits}, {@code records-in-flight}.
 */
final class TaskMetrics implements DynamicMBean {
    private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);
    static final String DOMAIN = "kafka.connect";
    static final String TYPE = "kinesis-sink-task-metrics";

    final AtomicLong sent = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong toDlq = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong pauses = new AtomicLong();
    final AtomicLong commits = new AtomicLong();

    private final Supplier<ProducerMetrics> producer;
    private final Supplier<Integer> inFlight;
    private ObjectName registered;

    TaskMetrics(Supplier<ProducerMetrics> producer, Supplier<Integer> inFlight) {
        this.producer = producer;
        this.inFlight = inFlight;
    }

    /** The bean's name for a connector's task. */
    static ObjectName name(String connector, String task) throws JMException {
        return new ObjectName(DOMAIN + ":type=" + TYPE + ",connector=" + quoteIfNeeded(connector) + ",task="
                + quoteIfNeeded(task));
    }

    private static String quoteIfNeeded(String value) {
        return value.matches("[^,=:*?\"\\\\\\n]*") ? value : ObjectName.quote(value);
    }

    /** Registers under the task's name; a clash (a task started twice in one JVM) is logged, not fatal. */
    void register(String connector, String task) {
        try {
            ObjectName name = name(connector, task);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
            registered = name;
        } catch (JMException | RuntimeException e) {
            LOG.warn("cannot register JMX metrics for connector {} task {}: {}", connector, task, e.toString());
        }
    }

    void unregister() {
        if (registered == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (JMException | RuntimeException e) {
            LOG.debug("cannot unregister {}: {}", registered, e.toString());
        }
        registered = null;
    }

    /** Every attribute with its current value, in a stable order. */
    Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records-sent", sent.get());
        out.put("records-acknowledged", acknowledged.get());
        out.put("records-failed", failed.get());
        out.put("records-to-dlq", toDlq.get());
        out.put("records-skipped", skipped.get());
        out.put("records-in-flight", (long) inFlight.get());
        out.put("pauses", pauses.get());
        out.put("commits", commits.get());
        ProducerMetrics m = producer.get();
        for (RecordComponent c : ProducerMetrics.class.getRecordComponents()) {
            Class<?> t = c.getType();
            if (t == long.class || t == int.class) {
                try {
                    out.put(kebab(c.getName()), ((Number) c.getAccessor().invoke(m)).longValue());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        out.put("errors", m.errorsByCode().values().stream().mapToLong(Long::longValue).sum());
        out.put("user-records-per-kinesis-record", m.userRecordsPerKinesisRecord());
        out.put("record-distribution", m.recordDistribution().name());
        return out;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Object v = values().get(attribute);
        if (v == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return v;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Object> all = values();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            if (all.containsKey(a)) {
                list.add(new Attribute(a, all.get(a)));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        for (Map.Entry<String, Object> e : values().entrySet()) {
            attributes.add(new MBeanAttributeInfo(e.getKey(), e.getValue().getClass().getName(), e.getKey(), true,
                    false, false));
        }
        return new MBeanInfo(TaskMetrics.class.getName(), "kinesis-producer Kafka Connect sink task",
                attributes.toArray(new MBeanAttributeInfo[0]), null, null, null);
    }
}
