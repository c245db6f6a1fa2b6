package io.github.kinesisproducer.bench;

/** Creates {@code ProducerRunner} (our producer) reflectively while the producer module is not yet on the class path. */
final class ProducerRunnerFactory {
    private ProducerRunnerFactory() {
    }

    static ProducerDriver create() {
        try {
            return (ProducerDriver) Class.forName("io.github.kinesisproducer.bench.ProducerRunner")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ProducerRunner is not built (is the producer module on the class path?)", e);
        }
    }
}
