/** Where hupbot's log lines go: the terminal, or a private file in the data directory. */
@NullMarked
package dev.hupbot.logging;

import org.jspecify.annotations.NullMarked;
