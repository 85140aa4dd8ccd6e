/**
 * Secrets: {@code secret('NAME')} resolves a value from the environment or a file, and the
 * {@link io.ripcord.secret.Redactor} masks every resolved value in everything Ripcord writes or prints.
 */
package io.ripcord.secret;
