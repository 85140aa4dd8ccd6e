/**
 * How artifacts reach the disk, written once for every verb: atomic writes (temporary name, fsync, rename, directory
 * fsync), compression (gzip on both cores, zstd), hashing while streaming, and progress for long work.
 */
package io.ripcord.stdlib.storage;
