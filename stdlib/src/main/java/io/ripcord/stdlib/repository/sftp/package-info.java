/**
 * SFTP repositories ({@code sftp://USER@HOST[:PORT]/PATH}) over JSch. {@link io.ripcord.stdlib.repository.sftp.SftpUrl}
 * and {@link io.ripcord.stdlib.repository.sftp.SftpOptions} are plain data and load no JSch class, so a run without
 * an SFTP repository never loads the SSH library; {@link io.ripcord.stdlib.repository.sftp.SftpStore} is where JSch
 * starts. Host keys are always checked against known_hosts; an unknown or changed key is refused with its SHA256
 * fingerprint.
 */
package io.ripcord.stdlib.repository.sftp;
