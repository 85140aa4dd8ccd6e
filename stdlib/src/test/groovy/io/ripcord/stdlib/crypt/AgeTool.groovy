package io.ripcord.stdlib.crypt

import java.nio.file.Path

/**
 * Debian's age and age-keygen (bin/engines/age.sh installs them), the independent implementation the age specs
 * check against. Specs use {@code @IgnoreIf({ !System.getenv('CI') && !AgeTool.available() })}.
 */
class AgeTool {

    static final String AGE = System.getenv('RIPCORD_TEST_AGE') ?: 'age'

    static boolean available() {
        try {
            run([AGE, '--version'])[0] == 0 && run(['age-keygen', '--help'])[0] in [0, 1, 2]
        } catch (IOException ignored) {
            false
        }
    }

    /** Runs a command; returns [exit, stderr]. stdin/stdout are files, so binary data is never decoded as text. */
    static List run(List<String> command, Path stdin = null, Path stdout = null) {
        def builder = new ProcessBuilder(command)
        builder.redirectInput(stdin ? ProcessBuilder.Redirect.from(stdin.toFile()) : ProcessBuilder.Redirect.from(new File('/dev/null')))
        builder.redirectOutput(stdout ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.DISCARD)
        def p = builder.start()
        String err = p.errorStream.text
        p.waitFor()
        [p.exitValue(), err]
    }

    /** age-keygen -o FILE; returns [key file, its public key as age-keygen -y prints it]. */
    static List keygen(Path dir, String name) {
        Path key = dir.resolve(name)
        def (int exit, String err) = run(['age-keygen', '-o', key.toString()])
        assert exit == 0: err
        Path pub = dir.resolve(name + '.pub')
        def (int exitY, String errY) = run(['age-keygen', '-y', key.toString()], null, pub)
        assert exitY == 0: errY
        [key, java.nio.file.Files.readString(pub).trim()]
    }
}
