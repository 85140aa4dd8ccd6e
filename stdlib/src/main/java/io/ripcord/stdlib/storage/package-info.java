/**
 * How artifacts reach the disk, written once for every verb: compression (gzip and zstd on every core, in independent
 * frames), hashing while streaming, and progress for long work. Atomic writes (temporary name, fsync, rename,
 * directory fsync) are the runtime's {@link io.ripcord.files.AtomicFile}, shared with the journal's caches.
 */
package io.ripcord.stdlib.storage;
