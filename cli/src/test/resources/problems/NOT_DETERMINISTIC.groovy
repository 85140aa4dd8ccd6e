// given: file version.txt: 1.4.1
// given: ripcord run --no-plan FILE
// given: file version.txt: 1.4.2
// command: resume RUN
// exit: 2
// expect: ?
runbook 'problems/not-deterministic', version: '1.0.0', {
    def release = new File('CWD/version.txt').text.trim()
    step 'a', { sh "echo deploying ${release}" }
    step 'b', { sh 'test -f go' }
}
