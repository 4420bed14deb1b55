@NullMarked
package dev.hupbot.config;

import org.jspecify.annotations.NullMarked;
