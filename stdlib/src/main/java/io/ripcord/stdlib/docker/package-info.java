/**
 * The Docker Engine through docker-java (httpclient5 transport): where the engine is (DOCKER_HOST, the current Docker
 * context), containers and Compose projects (whole, or one service) as service targets and health probes, named
 * volumes, images (tagImage, previous), and the translation of the engine's errors into messages an operator can act
 * on. Loaded only when a runbook uses one of these verbs.
 */
package io.ripcord.stdlib.docker;
