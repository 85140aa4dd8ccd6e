/**
 * Where artifacts live besides the local disk: a repository is a place named by URL ({@code /var/backups/app},
 * {@code s3://bucket/prefix}, {@code sftp://user@host/path}); {@link io.ripcord.stdlib.repository.ObjectStore} is the
 * small interface every kind of store implements, so verbs never speak S3 or SFTP themselves.
 */
package io.ripcord.stdlib.repository;
