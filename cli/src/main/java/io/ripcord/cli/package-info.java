/**
 * The command line: one picocli class per subcommand, all output through the command's own writers so tests can
 * capture it, problems printed without stack traces unless {@code --debug}.
 */
package io.ripcord.cli;
