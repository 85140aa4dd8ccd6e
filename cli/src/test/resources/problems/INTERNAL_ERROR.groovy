// given: ripcord run --no-plan <FILE>
// given: sqlite UPDATE runs SET params = 'damaged by hand'
// command: show <RUN>
// exit: 70
// expect: error[INTERNAL_ERROR]: internal error: JsonException: Unable to determine the current character, it is not a string, number, array, or object
// Ripcord does not expect a journal row edited by hand; what nothing handles is reported as an internal error: its
// code, one line, and how to report it (--debug prints the stack trace), never a stack trace by default.
runbook 'problems/internal-error', version: '1.0.0', {
    step 'a', { log 'hi' }
}
