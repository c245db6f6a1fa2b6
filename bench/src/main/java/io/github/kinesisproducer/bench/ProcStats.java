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
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); utime is field 14, stime field 15.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** A /proc/<pid>/status field in KiB (VmHWM = peak RSS, VmRSS = current), or -1. */
    public static long statusKib(long pid, String field) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        return -1;
    }

    /** Machine-wide CPU time from /proc/stat "cpu" line: {busyMs, totalMs} (busy = total - idle - iowait). */
    public static long[] machineMillis() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null) {
            return new long[] {0, 0};
        }
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal (guest counted in user already)
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {(total - idle) * 1000 / TICKS_PER_SECOND, total * 1000 / TICKS_PER_SECOND};
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }
}
