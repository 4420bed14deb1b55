/** The H2 web console inside {@code hupbot run}: a read-only database user and a guarded server. */
@NullMarked
package dev.hupbot.console;

import org.jspecify.annotations.NullMarked;
