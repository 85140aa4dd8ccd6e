/**
 * Errors as values: a {@link io.ripcord.problem.Problem} says what is wrong, where (file:line or step/verb), and
 * what to do next; {@link io.ripcord.problem.ProblemCode} is the closed list of them, and
 * {@link io.ripcord.problem.ExitCode} maps outcomes to the process exit status. Exceptions are wrapped into
 * problems once, at the boundary where they are caught.
 */
package io.ripcord.problem;
