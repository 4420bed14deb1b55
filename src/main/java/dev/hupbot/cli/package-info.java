@NullMarked
package dev.hupbot.cli;

import org.jspecify.annotations.NullMarked;
