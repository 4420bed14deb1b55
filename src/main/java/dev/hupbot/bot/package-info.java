@NullMarked
package dev.hupbot.bot;

import org.jspecify.annotations.NullMarked;
