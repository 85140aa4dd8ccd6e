/**
 * The processes a run starts: each command in a process group of its own, known by pid and start time (a pid alone
 * is reused), recorded while it runs, and stopped as a whole group on a timeout, a signal or a resume.
 */
package io.ripcord.process;
