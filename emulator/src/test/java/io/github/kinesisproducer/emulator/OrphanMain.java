package io.github.kinesisproducer.emulator;

/** Child-JVM entry point for {@link NoLeakIT}: starts kinesalite, reports its PID, then waits to be killed. */
public final class OrphanMain {
    private OrphanMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Kinesalite kinesalite = Kinesalite.start();
        System.out.println("NODEPID=" + kinesalite.pid());
        System.out.flush();
        Thread.sleep(60_000); // bounded: never outlive the test by more than a minute
    }
}
