package io.github.kinesisproducer.kafka;

/** The connector's version, from its jar's manifest (Implementation-Version); "unknown" outside a jar. */
final class Version {
    private Version() {
    }

    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
