/**
 * Files written whole or not at all (temp name, fsync, rename), owner-only files and directories, and the check that
 * what Ripcord loads code from is still its user's alone.
 */
package io.ripcord.files;
