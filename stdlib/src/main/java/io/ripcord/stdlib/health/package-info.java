/**
 * Health gates: {@code healthCheck} and what it probes — {@code http(url)}, {@code tcp(host, port)}, {@code command(...)},
 * {@code disk(path)} here, {@code container(name)} in the docker package — each probe one bounded attempt, retried by
 * {@link io.ripcord.stdlib.retry.Retry}.
 */
package io.ripcord.stdlib.health;
