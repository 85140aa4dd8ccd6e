// expect: no runbook defined in no-runbook.groovy
// a file with helpers but no runbook block
def greeting = 'hello'
