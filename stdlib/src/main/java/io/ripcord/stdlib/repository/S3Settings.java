package io.ripcord.stdlib.repository;

import java.util.Map;

/**
 * How to reach an S3-compatible store, found the AWS way: a value given by the runbook (named arguments, secrets
 * through {@code secret()}) wins, then the environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_ENDPOINT_URL[_S3]}, {@code AWS_REGION}, {@code AWS_PROFILE}), then the
 * profile in {@code ~/.aws/config} and {@code ~/.aws/credentials}. Plain data: no SDK class is named here, so a run
 * that only plans S3 arguments loads none.
 */
public record S3Settings(String endpoint, String region, String accessKey, String secretKey, String sessionToken, String profile) {

    public static final S3Settings FROM_ENVIRONMENT = new S3Settings(null, null, null, null, null, null);

    /** The runbook's values, each falling back to the environment's. */
    public S3Settings resolved(Map<String, String> env) {
        return new S3Settings(
                first(endpoint, env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL")),
                first(region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION")),
                accessKey != null ? accessKey : secretKey != null ? null : env.get("AWS_ACCESS_KEY_ID"),
                secretKey != null ? secretKey : accessKey != null ? null : env.get("AWS_SECRET_ACCESS_KEY"),
                accessKey != null ? sessionToken : first(sessionToken, env.get("AWS_SESSION_TOKEN")),
                first(profile, env.get("AWS_PROFILE")));
    }

    /** Where the credentials come from, said without them (for messages). */
    public String credentialSource() {
        if (accessKey != null && secretKey != null) {
            return "access key " + accessKey.substring(0, Math.min(4, accessKey.length())) + "…";
        }
        return profile != null ? "profile '" + profile + "' in ~/.aws" : "the AWS default chain (~/.aws, instance role)";
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        // a record's toString would print the secret
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", credentials=" + credentialSource() + "]";
    }
}
