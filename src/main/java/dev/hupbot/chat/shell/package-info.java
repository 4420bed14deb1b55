/** The local chat: stdin lines are chat messages, bot messages go to stdout. */
@NullMarked
package dev.hupbot.chat.shell;

import org.jspecify.annotations.NullMarked;
