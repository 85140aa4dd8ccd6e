/**
 * Services that a runbook stops and starts: the target SPI ({@link io.ripcord.stdlib.service.ServiceTarget}), the
 * {@code stopService}/{@code startService}/{@code restartService} verbs over it, and the non-container targets
 * ({@code process(...)}, {@code compose(project, service)}); containers live in the docker package.
 */
package io.ripcord.stdlib.service;
