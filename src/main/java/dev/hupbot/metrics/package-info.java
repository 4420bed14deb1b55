/** The Prometheus endpoint of {@code hupbot run}: reload outcomes and bot state as metrics. */
@NullMarked
package dev.hupbot.metrics;

import org.jspecify.annotations.NullMarked;
