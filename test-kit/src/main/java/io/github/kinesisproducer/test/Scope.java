package io.github.kinesisproducer.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the extension made for one test or one test class: closed, newest first (producers before the streams they
 * write to), when JUnit closes the context's store.
 */
final class Scope implements AutoCloseable {
    private final Scope parent;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, LocalStream> byParameter = new HashMap<>();
    private LocalStream first;

    Scope(Scope parent) {
        this.parent = parent;
    }

    synchronized void register(AutoCloseable resource) {
        resources.add(resource);
    }

    synchronized void created(LocalStream stream) {
        if (first == null) {
            first = stream;
        }
    }

    /** The stream of one parameter of one method, created once (lifecycle and test methods may both ask). */
    synchronized LocalStream forParameter(String key, Supplier<LocalStream> create) {
        LocalStream s = byParameter.get(key);
        if (s == null) {
            s = create.get();
            byParameter.put(key, s);
        }
        return s;
    }

    /** The first stream made in this scope or, failing that, in the class's. */
    synchronized LocalStream firstStream() {
        if (first != null) {
            return first;
        }
        return parent == null ? null : parent.firstStream();
    }

    /** Closes everything, newest first, even when some fail; the first failure is thrown with the rest suppressed. */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (this) {
            all = new ArrayList<>(resources);
            resources.clear();
        }
        Exception failure = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure != null) {
            throw new IllegalStateException("closing what the test made failed: " + failure, failure);
        }
    }
}
