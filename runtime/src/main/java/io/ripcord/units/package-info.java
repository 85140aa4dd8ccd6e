/**
 * Durations and sizes that read naturally in a runbook ({@code 30.seconds}, {@code 1.KB}): the Groovy extension
 * methods on numbers, the {@link io.ripcord.units.ByteSize} value, and how both print.
 */
package io.ripcord.units;
