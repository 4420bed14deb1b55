/** Where the process's own listeners (H2 console, metrics) bind. */
@NullMarked
package dev.hupbot.net;

import org.jspecify.annotations.NullMarked;
