/** {@code sh}: run a command with a timeout, capture its output, fail the step on a non-zero exit. */
package io.ripcord.stdlib.command;
