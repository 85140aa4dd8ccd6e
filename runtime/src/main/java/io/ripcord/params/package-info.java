/**
 * Runbook parameters: their declarations ({@link io.ripcord.params.ParamSpec}), the types a value from the
 * command line converts to, the resolution of {@code -p key=value} and params files against the declarations, and
 * {@link io.ripcord.params.Params}, the {@code params} object that steps read.
 */
package io.ripcord.params;
