/** Fake servers (Twitch chat and token validation, and friends) that integration tests run on 127.0.0.1. */
@NullMarked
package dev.hupbot.it.support;

import org.jspecify.annotations.NullMarked;
