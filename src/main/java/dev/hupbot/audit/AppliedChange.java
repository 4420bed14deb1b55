package dev.hupbot.audit;

import dev.hupbot.diff.FieldChange;
import org.jspecify.annotations.Nullable;

/** A change as the runtime applied it: {@code error} says why it failed, when it did. */
public record AppliedChange(FieldChange change, boolean applied, @Nullable String error) {}
