package io.ripcord.cli

import groovy.json.JsonSlurper
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

import static io.ripcord.cli.CliHarness.ripcord

/**
 * `show RUN --format html`: one page with no external asset, read back as text and rendered by Debian's headless
 * Chromium (a screenshot and the DOM it built), from a run that backed up, verified, failed and rolled back.
 */
class ShowHtmlSpec extends Specification {

    static final String HOSTILE = '<script>alert(1)</script>'

    @Shared Path dir = Files.createTempDirectory('ripcord-html')
    @Shared Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]
    @Shared String runId
    @Shared String html

    def setupSpec() {
        Path db = dir.resolve('app.sqlite')
        assert ['sqlite3', db.toString(), 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'].execute().waitFor() == 0
        Files.writeString(dir.resolve('check.sh'), "test \"\$(sqlite3 $db 'SELECT COUNT(*) FROM t')\" = 1\n")
        Files.writeString(dir.resolve('rb.groovy'), """\
            runbook 'demo/html-page', version: '1.0.0', {
                def data = sqlite '$db'
                step 'back up', { backup data, to: 'backups' }
                step 'verify it', {
                    confirm 'Go on with <b>prod</b>?'
                    verify lastBackup(data)
                }
                step '$HOSTILE', { sh "sqlite3 $db 'INSERT INTO t VALUES (2)'" }
                step 'check', { healthCheck command('sh check.sh') }
                rollbackIf { failed 'check' } then {
                    restore lastBackup(data)
                }
            }
            """.stripIndent())
        def run = ripcord(cwd: dir, env: env, 'run', '--no-plan', '--yes', 'rb.groovy')
        assert run.exit == 3: run.all
        runId = (run.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/)[0][1]
        html = ripcord(env: env, 'show', runId, '--format', 'html').out
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    def "the page names the run, every step and call, the artifact's size and checksum, the approval, and the RTO and RPO"() {
        given:
        def backups = new JsonSlurper().parseText(ripcord(env: env, 'backups', '--json').out).backups
        String sha = backups[0].sha256

        expect:
        html.startsWith('<!DOCTYPE html>')
        html.contains('<h1>demo/html-page@1.0.0 <span class="state ROLLED_BACK">ROLLED_BACK</span></h1>')
        html.contains("<tr><th>run</th><td>$runId</td></tr>")
        html.contains('<tr><th>exit code</th><td>3</td></tr>')
        ['1. back up', '2. verify it', '3. &lt;script&gt;alert(1)&lt;/script&gt;', '4. check'].every { html.contains(it) }
        ['backup', 'confirm', 'verify', 'sh', 'healthCheck', 'restore'].every { html.contains("<code class=\"verb\">$it</code>") }
        backups.size() == 1
        sha ==~ /[0-9a-f]{64}/
        html.contains("<code>$sha</code>")
        html.contains("(${backups[0].sizeBytes} bytes)")
        html =~ /<td>passed \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ<\/td><\/tr>/
        html =~ /<tr><th>RTO<\/th><td>\d[\d.hms]* \(failure detected .* → rollback verified .*\)<\/td><\/tr>/
        html =~ /<tr><th>RPO<\/th><td>\d[\d.hms]* \(the restored backup was taken that long before the failure\)<\/td>/
        html =~ /stages: [a-z]+ done \d+ms/
        html.contains('<tr><td>verify it</td><td>Go on with &lt;b&gt;prod&lt;/b&gt;?</td><td>approved (--yes)</td></tr>')
    }

    def "journal text is escaped, and the page needs nothing from outside itself"() {
        expect:
        !html.contains(HOSTILE)
        html.contains('&lt;script&gt;alert(1)&lt;/script&gt;')
        !html.contains('<script')
        !(html =~ /(?i)\b(src|href)\s*=|<link|@import|url\(/)
    }

    def "--out writes the same page to a file"() {
        when:
        def result = ripcord(cwd: dir, env: env, 'show', runId, '--format', 'html', '--out', 'page.html')

        then:
        result.exit == 0
        result.out.trim() == "Wrote ${dir.resolve('page.html')}"
        Files.readString(dir.resolve('page.html')) == html
    }

    def "--out into a directory that does not exist is refused with its problem code, and nothing is written"() {
        when:
        def result = ripcord(cwd: dir, env: env, 'show', runId, '--format', 'html', '--out', 'no/such/page.html')

        then:
        result.exit == 73
        result.err.startsWith("error[DESTINATION_NOT_WRITABLE]: cannot write the report to ${dir.resolve('no/such/page.html')}: " +
                "the directory ${dir.resolve('no/such')} does not exist")
        result.err.contains('next: give --out a file in a directory you can write')
        !result.err.contains('Exception')
        !Files.exists(dir.resolve('no'))
    }

    @IgnoreIf(value = { !System.getenv('CI') && !ShowHtmlSpec.chromium() }, reason = 'no Chromium (bin/engines/chromium.sh installs it)')
    def "headless Chromium renders the page: a screenshot, and a DOM with every step and no script"() {
        given:
        String browser = chromium()
        assert browser: 'chromium is missing (bin/engines/chromium.sh installs it; CI=true requires it)'
        Path page = dir.resolve('render.html')
        Files.writeString(page, html)
        Path png = Path.of(System.getProperty('java.io.tmpdir'), 'ripcord-show-html.png') // kept: what the page looked like

        when:
        def shot = browse(browser, "--screenshot=$png", '--window-size=1200,2000', page.toUri().toString())
        def dom = browse(browser, '--dump-dom', page.toUri().toString())
        byte[] image = Files.readAllBytes(png)

        then:
        shot.exit == 0
        image.length > 1000
        image[0..3] == [0x89, 0x50, 0x4E, 0x47] as byte[]
        dom.exit == 0
        ['back up', 'verify it', '&lt;script&gt;alert(1)&lt;/script&gt;', 'check', 'Rollback', 'Artifacts'].every { dom.out.contains(it) }
        !dom.out.contains('<script')
    }

    // ---- helpers

    static String chromium() {
        String path = System.getenv('RIPCORD_TEST_CHROMIUM') ?: 'chromium'
        try {
            [path, '--version'].execute().waitFor() == 0 ? path : null
        } catch (IOException ignored) {
            null
        }
    }

    Map browse(String browser, String... args) {
        Path profile = Files.createTempDirectory(dir, 'profile')
        def builder = new ProcessBuilder([browser, '--headless', '--no-sandbox', '--disable-gpu', "--user-data-dir=$profile".toString()]
                + args.toList()).directory(dir.toFile()).redirectError(dir.resolve('chromium.log').toFile())
        builder.environment().put('HOME', profile.toString())
        Process p = builder.start()
        String out = p.inputStream.text
        assert p.waitFor(120, TimeUnit.SECONDS): 'chromium did not finish within 120s'
        [exit: p.exitValue(), out: out]
    }
}
