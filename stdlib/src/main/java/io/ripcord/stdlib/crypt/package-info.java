/**
 * Encryption at rest in the age v1 format (age-encryption.org/v1), X25519 recipients only, written with the JDK's own
 * primitives (X25519, HMAC-SHA256 for HKDF, ChaCha20-Poly1305) so no crypto library is added: what Ripcord encrypts
 * Debian's {@code age -d -i key.txt} decrypts, and what {@code age -r age1…} wrote Ripcord decrypts. Streams work in
 * 64 KiB chunks with constant memory; every failure (wrong identity, a changed header, a changed or missing chunk)
 * is an {@link io.ripcord.stdlib.crypt.AgeFormatException} and never yields unauthenticated plaintext.
 */
package io.ripcord.stdlib.crypt;
