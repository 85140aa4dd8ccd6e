// given: file version.txt: 1.4.1
// given: ripcord run --no-plan <FILE>
// given: file version.txt: 1.4.2
// command: resume <RUN>
// exit: 2
// expect: error[NOT_DETERMINISTIC]: runbook is not deterministic here: call #1 was sh at line 9 in step 'a' with other arguments when run <RUN> started, and is now sh in step 'a' at <CWD>/NOT_DETERMINISTIC.groovy:9
runbook 'problems/not-deterministic', version: '1.0.0', {
    def release = new File('<CWD>/version.txt').text.trim()
    step 'a', { sh "echo deploying ${release}" }
    step 'b', { sh 'test -f go' }
}
