package dev.hupbot.metrics;

/**
 * The JDK HTTP server's own deadlines, which are off unless set: {@code sun.net.httpserver.maxReqTime}
 * (seconds from the first byte of a request until it has been read: a client that sends half a
 * request and stalls is disconnected then, and its worker thread is free again) and
 * {@code maxRspTime} (seconds from then until the answer has been written, the lifecycle
 * endpoint's reload included). They are system properties read once, when the JDK's server
 * first loads, so they are set here before this process creates one; values given with
 * {@code -D} (e.g. in {@code JAVA_TOOL_OPTIONS}) win.
 */
final class HttpTimeouts {
    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";
    static final String NO_DELAY = "sun.net.httpserver.nodelay";
    static final int REQUEST_SECONDS = 5;
    /** Longer than {@link LifecycleHandler#WAIT}: the reload runs between request and answer. */
    static final int RESPONSE_SECONDS = 75;

    private HttpTimeouts() {}

    static synchronized void install() {
        setIfAbsent(MAX_REQUEST_TIME, REQUEST_SECONDS);
        setIfAbsent(MAX_RESPONSE_TIME, RESPONSE_SECONDS);
        // Headers and body go out in separate writes: without it the body waits for a delayed ACK.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private static void setIfAbsent(String name, int seconds) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, Integer.toString(seconds));
        }
    }
}
