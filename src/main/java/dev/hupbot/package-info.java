/**
 * The embedding API: start and stop a crew of bots from code, reload them, listen to reloads,
 * read the active configuration. See {@link dev.hupbot.Hupbot}.
 */
@NullMarked
package dev.hupbot;

import org.jspecify.annotations.NullMarked;
