// given: file maker.groovy: runbook 'problems/maker', version: '1.0.0', { step 'b', { sh 'mkdir -p data && echo live > data/index.html'; backup dir('data'), to: 'foreign' } }
// given: ripcord run --no-plan maker.groovy --journal other.db
// given: sh n=$(ls foreign/data-*.tar.gz); mkdir t; echo x > t/evil; tar -czf "$n" -C t --transform "s,^,../," evil; rm -r t; sqlite3 :memory: "SELECT writefile('m', json_set(readfile('$n.manifest.json'), '$.artifact.size', $(stat -c %s "$n"), '$.artifact.sha256', '$(sha256sum "$n" | cut -d' ' -f1)', '$.artifact.gzipMembers', json_array($(stat -c %s "$n"))))" >/dev/null; mv m "$n.manifest.json"
// command: run --no-plan <FILE>
// exit: 65
// expect: error[UNSAFE_ARCHIVE]: step 'restore' failed: restore: stage: refusing to restore: backup <ID> failed verification: the archive is unsafe to extract: entry ../evil climbs out of the target with .. at UNSAFE_ARCHIVE.groovy:10
// a backup brought from another machine (made with another journal) whose archive holds ../evil, its manifest agreeing
runbook 'problems/unsafe-archive', version: '1.0.0', {
    def tree = dir('data')
    step 'restore', { restore lastBackup(tree, from: 'foreign'), trust: 'manifest' }
}
