/**
 * The image built from the project's own Dockerfile, run with Testcontainers against the fake
 * Twitch server on 127.0.0.1 (host networking), signalled through the Docker API.
 */
@NullMarked
package dev.hupbot.it.docker;

import org.jspecify.annotations.NullMarked;
