package io.ripcord.stdlib.backup

import io.ripcord.stdlib.VerbContexts
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sh

/**
 * What a tree backup keeps, restored by Ripcord and read by GNU tar: setuid, setgid and sticky bits, hard links
 * within the tree, character devices and FIFOs. Creating devices and keeping setgid needs root, which CI has.
 */
@IgnoreIf(value = { !System.getenv('CI') && !RootOnly.canMount() }, reason = 'devices and setuid bits need root (CI runs as root)')
class ArchiveKeepsSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-keeps')
    Path tree = Files.createDirectories(dir.resolve('tree'))
    def ctx = VerbContexts.context(dir, new VerbContexts.MemoryCatalog())
    BackupVerb backup = new BackupVerb()
    RestoreVerb restore = new RestoreVerb()

    def cleanup() {
        dir.toFile().deleteDir()
    }

    static int mode(Path p) {
        (Files.getAttribute(p, 'unix:mode', LinkOption.NOFOLLOW_LINKS) as int)
    }

    /** Backs the tree up, removes it, restores it: what comes back is only what the archive kept. */
    void roundTrip() {
        def artifact = backup.apply(call(backup, [to: 'backups'], new BackupTarget.Dir(tree)), ctx) as Artifact
        io.ripcord.files.AtomicFile.deleteTree(tree)
        restore.apply(call(restore, artifact), ctx)
    }

    def "a #what keeps its mode #octal"() {
        given:
        Path p = directory ? Files.createDirectories(tree.resolve(what.replace(' ', '-'))) : Files.writeString(tree.resolve(what.replace(' ', '-')), '#!/bin/sh\n')
        Files.setAttribute(p, 'unix:mode', mode)

        when:
        roundTrip()

        then:
        (mode(p) & 07777) == mode

        where:
        what                | directory | mode
        'setgid directory'  | true      | 02775
        'sticky directory'  | true      | 01777
        'setuid program'    | false     | 04755
        'setgid program'    | false     | 02755
        octal = Integer.toOctalString(mode)
    }

    def "hard links within the tree come back as one file with two names, and GNU tar sees the link"() {
        given:
        Files.writeString(tree.resolve('a.txt'), 'shared content\n')
        Files.createDirectories(tree.resolve('sub'))
        Files.createLink(tree.resolve('sub/b.txt'), tree.resolve('a.txt'))

        when:
        roundTrip()

        then:
        Files.readString(tree.resolve('sub/b.txt')) == 'shared content\n'
        Files.getAttribute(tree.resolve('sub/b.txt'), 'unix:ino') == Files.getAttribute(tree.resolve('a.txt'), 'unix:ino')
        Files.getAttribute(tree.resolve('a.txt'), 'unix:nlink') == 2

        and:
        def artifact = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.toString().endsWith('.tar.gz') && !it.toString().contains('safety') } }
        sh("gzip -dc '$artifact' | tar -tvf - | grep 'sub/b.txt link to a.txt'")[0] == 0
    }

    def "a #what comes back as a #what, never as an empty file"() {
        given:
        assert sh(String.format(make, "'${tree.resolve('special')}'"))[0] == 0

        when:
        roundTrip()

        then:
        (mode(tree.resolve('special')) & 0170000) == type
        Files.getAttribute(tree.resolve('special'), 'unix:rdev') == rdev

        where:
        what               | make                    | type    | rdev
        'FIFO'             | 'mkfifo -m 640 %s'      | 0010000 | 0L
        'character device' | 'mknod -m 666 %s c 1 3' | 0020000 | 259L // /dev/null's numbers: 1 << 8 | 3
    }
}
