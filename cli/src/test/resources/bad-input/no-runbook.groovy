// case: a file with steps but no runbook around them
// command: run --no-plan <FILE>
// exit: 2
// code: INVALID_RUNBOOK
// expect: no runbook defined in no-runbook.groovy
// next: wrap the steps in runbook
def x = 1
