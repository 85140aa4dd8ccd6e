/**
 * The Docker Engine through docker-java (httpclient5 transport): where the engine is (DOCKER_HOST, the current Docker
 * context), containers and Compose projects (whole, or one service) as service targets and health probes, named
 * volumes, images (tagImage, previous), and the translation of the engine's errors into messages an operator can act
 * on. Loaded only when a runbook uses one of these verbs. {@link io.ripcord.stdlib.docker.EngineSocket} speaks the engine's API
 * over its socket directly where docker-java's client is the slower part (a restore's guard listing the running
 * containers; a command's standard input streamed into an exec).
 */
package io.ripcord.stdlib.docker;
