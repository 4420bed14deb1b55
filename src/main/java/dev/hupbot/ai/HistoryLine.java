package dev.hupbot.ai;

import java.time.Instant;

/**
 * One chat line in a channel's history. {@code seq} orders lines across all channels; {@code at}
 * is when the crew saw it (the injected clock, so TTLs are testable).
 */
record HistoryLine(long seq, String channel, String user, String text, Instant at) {}
