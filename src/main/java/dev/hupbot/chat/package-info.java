@NullMarked
package dev.hupbot.chat;

import org.jspecify.annotations.NullMarked;
