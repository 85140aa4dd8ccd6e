/**
 * S3-compatible object stores through the AWS SDK v2 (URL-connection client, our own Content-MD5 and SHA-256):
 * {@link io.ripcord.stdlib.repository.s3.S3Store}. Nothing outside this package names an SDK class.
 */
package io.ripcord.stdlib.repository.s3;
