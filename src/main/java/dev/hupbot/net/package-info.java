/** Where the process's own listeners (H2 console, metrics) bind, and how a URL is shown in logs. */
@NullMarked
package dev.hupbot.net;

import org.jspecify.annotations.NullMarked;
