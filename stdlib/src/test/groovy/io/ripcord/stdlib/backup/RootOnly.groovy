package io.ripcord.stdlib.backup

import java.nio.file.Path

/** A small tmpfs for full-disk specs; needs root, which CI has. In CI a missing capability fails instead of skipping. */
class RootOnly {

    static boolean canMount() {
        if (System.getenv('CI')) {
            return true // never skip in CI: if mounting fails there, the spec must fail
        }
        def p = ['id', '-u'].execute()
        p.waitFor()
        p.text.trim() == '0'
    }

    static void mountTmpfs(Path dir, String size) {
        def p = ['mount', '-t', 'tmpfs', '-o', "size=$size".toString(), 'tmpfs', dir.toString()].execute()
        p.waitFor()
        assert p.exitValue() == 0: "mount failed: ${p.err.text}"
    }

    static void unmount(Path dir) {
        def p = ['umount', '-l', dir.toString()].execute()
        p.waitFor()
        assert p.exitValue() == 0: "umount failed: ${p.err.text}"
    }
}
