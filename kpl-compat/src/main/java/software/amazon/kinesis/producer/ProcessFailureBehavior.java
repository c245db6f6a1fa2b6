package software.amazon.kinesis.producer;

/** In the KPL, what to do when its daemon dies. There is no daemon here: kept so that code naming it compiles. */
public enum ProcessFailureBehavior {
    Shutdown,
    AutoRestart
}
