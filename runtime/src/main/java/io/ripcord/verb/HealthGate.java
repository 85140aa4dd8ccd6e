package io.ripcord.verb;

/**
 * A verb whose success says the service is healthy ({@code healthCheck}). When a rollback does not check health
 * itself, the runner repeats the failed step's health gates after it, so every rollback ends verified or failed.
 */
public interface HealthGate {
}
