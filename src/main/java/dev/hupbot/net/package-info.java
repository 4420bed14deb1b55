/**
 * The process's network edges: where its own listeners (H2 console, metrics) bind, and how
 * every HTTP answer it reads is capped.
 */
@NullMarked
package dev.hupbot.net;

import org.jspecify.annotations.NullMarked;
