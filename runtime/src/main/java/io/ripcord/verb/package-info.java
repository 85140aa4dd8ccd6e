/**
 * The verb SPI. A {@link io.ripcord.verb.Verb} declares its arguments as metadata ({@link io.ripcord.verb.VerbSpec}),
 * has a read-only {@code plan} half that describes what it would do and an {@code apply} half that acts. Verbs are
 * found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.ripcord.verb.Verb}); the same metadata
 * feeds argument checking, {@code ripcord help VERB} and the reference in docs/verbs.md.
 */
package io.ripcord.verb;
