/**
 * Repository URLs as runbooks write them ({@code /var/backups/app}, {@code s3://bucket/app}): parsed once, here, so
 * that {@code check} refuses a bad one before anything runs and the stores (in the standard library) read the same.
 */
package io.ripcord.repository;
