@NullMarked
package dev.hupbot.diff;

import org.jspecify.annotations.NullMarked;
