@NullMarked
package dev.hupbot.ai;

import org.jspecify.annotations.NullMarked;
