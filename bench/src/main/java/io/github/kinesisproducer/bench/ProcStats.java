package io.github.kinesisproducer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux /proc readings: process CPU (utime+stime), peak/current RSS, machine-wide busy time. */
public final class ProcStats {
    /** USER_HZ; 100 on every Linux we run on (getconf CLK_TCK). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** utime+stime of a process in ms, or -1 if it is gone. */
    public static long cpuMillis(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return -1;
        }
        // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", 0);
        // f[0] is field 3 (state); utime is field 14, stime field 15.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /**
     * CPU ms (utime+stime) per thread of a process, summed by thread name with digits replaced by N (so the two C2
     * compiler threads, or every netty event loop thread, add up to one entry). Includes JVM-internal threads (JIT
     * compilers, GC) that no Java API reports.
     */
    public static java.util.Map<String, Long> threadCpuMillis(long pid) {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(t -> {
                String stat = read(t.resolve("stat"));
                String comm = read(t.resolve("comm"));
                if (stat == null || comm == null) {
                    return;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", 0);
                long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
                m.merge(comm.trim().replaceAll("[0-9]+", "N").replace(' ', '_'), ms, Long::sum);
            });
        } catch (IOException | RuntimeException e) {
            // best effort: threads come and go
        }
        return m;
    }

    /**
     * Like {@link #threadCpuMillis} for this JVM, with Java threads under their full names (the kernel keeps only 15
     * characters: "kinesis-producer-1-sender" and "kinesis-producer-1-callbacks" would both be "kinesis-produce").
     * JVM-internal threads (JIT compilers, GC) keep their /proc names.
     */
    public static java.util.Map<String, Long> jvmThreadCpuMillis() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> javaByComm = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(t.getThreadId());
            if (ns < 0) {
                continue;
            }
            String name = t.getThreadName();
            m.merge(name.replaceAll("[0-9]+", "N").replace(' ', '_'), ns / 1_000_000, Long::sum);
            String comm = name.length() > 15 ? name.substring(0, 15) : name;
            javaByComm.merge(comm.replaceAll("[0-9]+", "N").replace(' ', '_'), ns / 1_000_000, Long::sum);
        }
        // Whatever /proc has beyond the Java threads: the JVM's own threads.
        threadCpuMillis(ProcessHandle.current().pid()).forEach((comm, ms) -> {
            long rest = ms - javaByComm.getOrDefault(comm, 0L);
            // "java" is the main thread's /proc name (the process name); it is already counted as "main".
            if (rest > 0 && !javaByComm.containsKey(comm) && !comm.equals("java")) {
                m.merge(comm, rest, Long::sum);
            }
        });
        return m;
    }

    /**
     * Per-thread-group CPU between two {@link #threadCpuMillis} snapshots, largest first, as "name=ms,...". Threads
     * that ended in between (a closed producer's) are missing from the second snapshot and so not counted: take the
     * second snapshot before closing what is measured.
     */
    public static String threadDelta(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        StringBuilder sb = new StringBuilder();
        after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue()));
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** A /proc/<pid>/status field in KiB (VmHWM = peak RSS, VmRSS = current), or -1. */
    public static long statusKib(long pid, String field) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n", 0)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        return -1;
    }

    /**
     * Machine-wide CPU time from the /proc/stat "cpu" line, in ms: {busy, total, irq}. busy = user + nice + system +
     * steal (time some process used); irq = irq + softirq (kernel work such as loopback networking that no process's
     * utime/stime includes); total also has idle and iowait.
     */
    public static long[] machineMillis() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null) {
            return new long[] {0, 0, 0};
        }
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+", 0);
        long[] v = new long[9];
        for (int i = 1; i <= 8 && i < f.length; i++) {
            v[i] = Long.parseLong(f[i]);
        }
        // 1 user, 2 nice, 3 system, 4 idle, 5 iowait, 6 irq, 7 softirq, 8 steal (guest is included in user)
        long busy = v[1] + v[2] + v[3] + v[8];
        long irq = v[6] + v[7];
        long total = busy + irq + v[4] + v[5];
        long k = 1000 / TICKS_PER_SECOND;
        return new long[] {busy * k, total * k, irq * k};
    }

    /** CPU ms of every process now (pid → ms), for naming who disturbed a run. */
    public static java.util.Map<Long, Long> allProcessesCpuMillis() {
        java.util.Map<Long, Long> m = new java.util.HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        long pid = Long.parseLong(n);
                        long ms = cpuMillis(pid);
                        if (ms >= 0) {
                            m.put(pid, ms);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            // best effort: processes come and go
        }
        return m;
    }

    /** The top CPU users between two {@link #allProcessesCpuMillis()} snapshots, as "name(pid)=ms,...". */
    public static String topDelta(java.util.Map<Long, Long> before, java.util.Map<Long, Long> after,
            java.util.Set<Long> exclude, int limit) {
        StringBuilder sb = new StringBuilder();
        after.entrySet().stream()
                .filter(e -> !exclude.contains(e.getKey()))
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(limit)
                .forEach(e -> {
                    String comm = read(Path.of("/proc", Long.toString(e.getKey()), "comm"));
                    sb.append(sb.length() == 0 ? "" : ",").append(comm == null ? "?" : comm.trim().replace(' ', '_'))
                            .append('(').append(e.getKey()).append(")=").append(e.getValue());
                });
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }
}
