package io.ripcord.journal;

import java.time.Instant;

/** One step of a run as journaled. */
public record StepRecord(int index, String name, String state, Instant startedAt, Instant finishedAt, String error) {
}
