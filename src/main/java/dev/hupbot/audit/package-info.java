@NullMarked
package dev.hupbot.audit;

import org.jspecify.annotations.NullMarked;
