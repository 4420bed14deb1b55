package dev.hupbot.audit;

import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ChangeKind;
import org.jspecify.annotations.Nullable;

/** A stored field change, values already redacted. */
public record ChangeRow(
        String bot,
        String path,
        ChangeKind kind,
        @Nullable String oldValue,
        @Nullable String newValue,
        ApplyAction action,
        boolean applied,
        @Nullable String error) {}
