/**
 * Whether each channel's stream is live: EventSub over WebSocket ({@code stream.online} /
 * {@code stream.offline}) with a Helix {@code GET /streams} check at start and after every
 * (re)connect, and Helix polling while EventSub cannot be reached. Bots with {@code presence =
 * "live"} follow it.
 */
@NullMarked
package dev.hupbot.presence;

import org.jspecify.annotations.NullMarked;
