/**
 * Private files in the data directory: created 0700 / 0600 whatever the umask, never through a
 * symlink, written by atomic rename, and refused when another account owns or can write them.
 */
@NullMarked
package dev.hupbot.fs;

import org.jspecify.annotations.NullMarked;
