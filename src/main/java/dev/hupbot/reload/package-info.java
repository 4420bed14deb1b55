@NullMarked
package dev.hupbot.reload;

import org.jspecify.annotations.NullMarked;
