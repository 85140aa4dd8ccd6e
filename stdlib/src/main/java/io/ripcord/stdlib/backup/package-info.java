/**
 * The backup family: targets ({@code sqlite}, {@code dir}, {@code file}), {@code backup} (consistent snapshot,
 * compression, SHA-256, manifest, catalog, retention), {@code verify} (checksum, full read, SQLite checks, SQL
 * assertions, restore test), {@code restore} (verified artifacts only, safety copy first, atomic replace, no path
 * escapes) and {@code lastBackup}. Each verb keeps its plan half beside its apply half.
 */
package io.ripcord.stdlib.backup;
