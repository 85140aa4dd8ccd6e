/**
 * The incident REPL ({@code ripcord repl}): the same interpreter and verbs as runbooks, one command at a time, every
 * command journaled as a step of an interactive run. Small parts: where commands come from (a JLine terminal with
 * completion, highlighting, redacted history and multi-line input, or plain piped lines), the session's state, the
 * evaluator (apply or plan each line), the dispatcher of {@code :commands}, the session's journal, the saver that
 * turns a session into a runbook, and the failed run a {@code run --repl-on-failure} lands in. JLine classes load only
 * when a terminal is used.
 */
package io.ripcord.cli.repl;
