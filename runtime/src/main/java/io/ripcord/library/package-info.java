/**
 * The runbooks found on the search path ({@code runbooks/}, then {@code RIPCORD_PATH}), by name and semantic
 * version: {@code ripcord list}, and {@code NAME[@VERSION]} wherever a command takes a runbook.
 */
package io.ripcord.library;
