/**
 * The backup family: targets ({@code sqlite}, {@code dir}, {@code file}), {@code backup} (consistent snapshot,
 * compression, SHA-256, manifest, catalog, retention), {@code verify} (checksum, full read, SQLite checks, SQL
 * assertions, restore test), {@code restore} (one {@code RestorePipeline} of named {@code RestoreStage}s: match,
 * stage, guard, safety, replace, sweep; {@code PathRestore} for paths, a server target's own {@code StagedRestore})
 * and {@code lastBackup}. Each verb keeps its plan half beside its apply half.
 */
package io.ripcord.stdlib.backup;
