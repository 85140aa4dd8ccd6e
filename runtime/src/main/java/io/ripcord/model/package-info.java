/**
 * What a loaded runbook is, independent of how it runs: its source and content hash, name and semantic version,
 * parameters and steps, as validated before any step runs.
 */
package io.ripcord.model;
