// expect: loading the runbook failed: FileNotFoundException: /nonexistent/ripcord-fixture.txt (No such file or directory) at load-time-failure.groovy:3
runbook 'demo/load-time-failure', version: '1.0.0', {
    def motd = new File('/nonexistent/ripcord-fixture.txt').text
    step 'greet', { log motd }
}
