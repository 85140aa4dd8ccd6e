package io.ripcord.stdlib.repository.sftp

import io.ripcord.stdlib.crypt.AgeEncryption
import spock.lang.Specification

/**
 * JSch is loaded only by a run that connects: parsing an sftp:// URL, building options and setting up encryption
 * load none of its classes (checked in a class loader of their own, so what other specs loaded does not count).
 */
class SftpClassLoadingSpec extends Specification {

    /** A loader that tells which classes it defined. */
    static class Watching extends URLClassLoader {
        Watching() {
            super(System.getProperty('java.class.path').split(File.pathSeparator).collect { new File(it).toURI().toURL() } as URL[],
                    ClassLoader.platformClassLoader)
        }

        boolean loaded(String name) {
            findLoadedClass(name) != null
        }
    }

    def "parsing an sftp URL, the default options and age encryption load no JSch class"() {
        given:
        Watching loader = new Watching()

        when:
        def url = loader.loadClass(SftpUrl.name).getMethod('parse', String).invoke(null, 'sftp://backup@nas:2222/srv/backups')
        loader.loadClass(SftpOptions.name).getMethod('defaults').invoke(null)
        loader.loadClass(AgeEncryption.name).getMethod('of', Object)
                .invoke(null, 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p')

        then:
        url.toString() == 'sftp://backup@nas:2222/srv/backups'
        loader.loaded(SftpUrl.name)
        !loader.loaded('com.jcraft.jsch.JSch')
        !loader.loaded('com.jcraft.jsch.ChannelSftp')

        when: 'the store class itself is initialised'
        Class.forName(SftpStore.name, true, loader)

        then: 'only then JSch comes in (the check above could fail)'
        loader.loaded('com.jcraft.jsch.JSch') || loader.loaded('com.jcraft.jsch.ChannelSftp') || loader.loaded('com.jcraft.jsch.SftpException')

        cleanup:
        loader?.close()
    }

    def "sftp URLs parse into user, host, port and path: #text"() {
        expect:
        SftpUrl.parse(text) == new SftpUrl(user, host, port, path)
        SftpUrl.parse(text).toString() == shown

        where:
        text                                   || user     | host          | port | path              | shown
        'sftp://backup@nas/srv/backups/app'    || 'backup' | 'nas'         | 22   | '/srv/backups/app' | 'sftp://backup@nas/srv/backups/app'
        'sftp://backup@nas:2222/srv/backups/'  || 'backup' | 'nas'         | 2222 | '/srv/backups'     | 'sftp://backup@nas:2222/srv/backups'
        'sftp://me@10.0.0.5/~/backups'         || 'me'     | '10.0.0.5'    | 22   | 'backups'          | 'sftp://me@10.0.0.5/~/backups'
        'sftp://me@[::1]:22/~'                 || 'me'     | '::1'         | 22   | '.'                | 'sftp://me@[::1]/~'
    }

    def "a URL that cannot name an SFTP repository is refused: #problem"() {
        when:
        SftpUrl.parse(text)

        then:
        IllegalArgumentException e = thrown()
        e.message.startsWith(message)
        !e.message.contains('hunter2')

        where:
        problem         | text                                  || message
        'no user'       | 'sftp://nas/srv'                      || "the sftp:// URL names no user: 'sftp://nas/srv'"
        'a password'    | 'sftp://me:hunter2@nas/srv'           || 'sftp:// URLs take no password'
        'no directory'  | 'sftp://me@nas'                       || "the sftp:// URL names no directory: 'sftp://me@nas'"
        'a parent step' | 'sftp://me@nas/srv/../etc'            || "the sftp:// URL's path contains '..'"
        'another scheme'| 's3://bucket/x'                       || "not an sftp:// URL: 's3://bucket/x'"
    }
}
