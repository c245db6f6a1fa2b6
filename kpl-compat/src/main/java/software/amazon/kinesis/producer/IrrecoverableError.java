package software.amazon.kinesis.producer;

/**
 * In the KPL, an error its daemon cannot recover from. Kept so that code catching it compiles; thrown here only for
 * what cannot work at all (a TLS context the JVM cannot make).
 */
public class IrrecoverableError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IrrecoverableError(String message) {
        super(message);
    }

    public IrrecoverableError(Throwable cause) {
        super(cause);
    }

    public IrrecoverableError(String message, Throwable cause) {
        super(message, cause);
    }
}
