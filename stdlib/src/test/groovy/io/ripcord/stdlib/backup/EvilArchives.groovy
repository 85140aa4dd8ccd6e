package io.ripcord.stdlib.backup

import groovy.json.JsonOutput
import org.apache.commons.compress.archivers.tar.TarArchiveEntry
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream
import org.apache.commons.compress.archivers.tar.TarConstants

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.zip.GZIPOutputStream

/** Hand-made hostile archives with honest manifests: their checksums pass, so only extraction can refuse them. */
class EvilArchives {

    static Artifact write(Path dir, Path backups, Path target, List<Map> entries) {
        Files.createDirectories(backups)
        Path file = backups.resolve('evil-20260101-000000-0000.tar.gz')
        new GZIPOutputStream(Files.newOutputStream(file)).withCloseable { gz ->
            def tar = new TarArchiveOutputStream(gz)
            tar.longFileMode = TarArchiveOutputStream.LONGFILE_POSIX
            entries.each { e ->
                TarArchiveEntry entry
                if (e.hardlink) {
                    entry = new TarArchiveEntry(e.name as String, TarConstants.LF_LINK)
                    entry.linkName = e.hardlink
                } else if (e.type) {
                    entry = new TarArchiveEntry(e.name as String, (e.type as String).charAt(0) as byte)
                } else if (e.link) {
                    entry = new TarArchiveEntry(e.name as String, TarConstants.LF_SYMLINK)
                    entry.linkName = e.link
                } else if (e.dir) {
                    entry = new TarArchiveEntry("${e.name}/")
                } else {
                    entry = new TarArchiveEntry(e.name as String, true)
                    entry.size = (e.content as String).bytes.length
                }
                tar.putArchiveEntry(entry)
                if (e.content) tar.write((e.content as String).bytes)
                tar.closeArchiveEntry()
            }
            tar.finish()
        }
        byte[] bytes = Files.readAllBytes(file)
        String sha = MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
        long files = entries.count { it.content } as long
        long total = entries.findAll { it.content }.sum(0L) { (it.content as String).bytes.length as long } as long
        def manifest = [format  : 'ripcord-manifest/1', id: 'evil-20260101-000000-0000', kind: 'dir', created: '2026-01-01T00:00:00Z',
                        source  : [id: "dir:$target".toString(), path: target.toString()],
                        artifact: [file: file.fileName.toString(), size: bytes.length, sha256: sha, compression: 'gzip'],
                        contents: [files: files, bytes: total]]
        Files.writeString(Artifact.manifestFileOf(file), JsonOutput.toJson(manifest))
        Artifact.read(Artifact.manifestFileOf(file))
    }
}
