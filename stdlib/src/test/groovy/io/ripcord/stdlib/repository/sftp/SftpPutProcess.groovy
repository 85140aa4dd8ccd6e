package io.ripcord.stdlib.repository.sftp

import java.nio.file.Path

/** A separate JVM that puts one file, for the spec that kills a writer mid-upload: args URL KEY FILE. */
class SftpPutProcess {
    static void main(String[] args) {
        SftpStore.open(SftpUrl.parse(args[0]), SshdEngine.options()).withCloseable { store ->
            store.put(args[1], Path.of(args[2]), null)
        }
    }
}
