package dev.hupbot.cli;

import picocli.CommandLine.Option;

/** {@code --watch} and {@code --enable-lifecycle}: reload triggers besides SIGHUP, off unless asked for. */
final class TriggerOptions {
    @Option(names = "--watch", defaultValue = "${env:HUPBOT_WATCH:-false}", fallbackValue = "true",
            description = "Reload when the config file (or the env file) changes: saves, saves by rename and Kubernetes"
                    + " ConfigMap updates, 300 ms after the last save (env HUPBOT_WATCH=true).")
    boolean watch;

    @Option(names = "--enable-lifecycle", defaultValue = "${env:HUPBOT_ENABLE_LIFECYCLE:-false}", fallbackValue = "true",
            description = "Serve POST /-/reload on the metrics listener (needs --metrics-port): runs a reload and answers"
                    + " 200 or 500 with it as JSON (env HUPBOT_ENABLE_LIFECYCLE=true).")
    boolean enableLifecycle;

    /** Why {@code run} refuses {@code --enable-lifecycle} without a metrics listener, and the fix. */
    static final String LIFECYCLE_WITHOUT_METRICS =
            "--enable-lifecycle serves POST /-/reload on the metrics listener, which is off: set --metrics-port"
                + " (or HUPBOT_METRICS_PORT), e.g. --metrics-port 9464, or leave --enable-lifecycle unset";
}
