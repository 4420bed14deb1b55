package dev.hupbot.audit;

/** What started a reload. The {@code reload} command sends SIGHUP, so it records as SIGHUP. */
public enum Trigger {
    STARTUP,
    SIGHUP,
    CLI,
    /** {@code run --watch}: the config file or the env file changed. */
    WATCH,
    /** {@code run --enable-lifecycle}: {@code POST /-/reload} on the metrics listener. */
    HTTP
}
