package io.github.kinesisproducer.bench.flink;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run's CPU went, by thread name (digits as N): samples every Java thread's CPU time every 100 ms and keeps
 * each thread's last reading, so threads that end during the run (Flink's task threads, the sinks' own) still count,
 * up to their last sample. A diagnostic, printed with {@code --verbose}.
 */
final class ThreadCpuSampler implements AutoCloseable {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> start = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ThreadCpuSampler() {
        sample(start);
        thread = new Thread(() -> {
            while (running) {
                synchronized (this) {
                    sample(last);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-thread-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample(Map<Long, Long> into) {
        for (long id : mx.getAllThreadIds()) {
            long ns = mx.getThreadCpuTime(id);
            if (ns >= 0) {
                into.put(id, ns);
                if (!names.containsKey(id)) {
                    java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
                    if (info != null) {
                        names.put(id, info.getThreadName().replaceAll("[0-9]+", "N").replace(' ', '_'));
                    }
                }
            }
        }
    }

    /** CPU ms per thread name since this sampler started, largest first, as "name=ms,...". */
    synchronized String summary() {
        sample(last);
        Map<String, Long> byName = new TreeMap<>();
        last.forEach((id, ns) -> byName.merge(names.getOrDefault(id, "?"), (ns - start.getOrDefault(id, 0L))
                / 1_000_000, Long::sum));
        StringBuilder sb = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(12)
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ",").append(e.getKey()).append('=')
                        .append(e.getValue()));
        return sb.toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
