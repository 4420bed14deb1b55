/**
 * The process's network edges: where its own listeners (H2 console, metrics) bind, how every
 * HTTP answer it reads is capped, and how a URL is shown in logs and errors.
 */
@NullMarked
package dev.hupbot.net;

import org.jspecify.annotations.NullMarked;
