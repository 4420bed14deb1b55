package dev.hupbot.audit;

/** What started a reload. The {@code reload} command sends SIGHUP, so it records as SIGHUP. */
public enum Trigger {
    STARTUP,
    SIGHUP,
    CLI
}
