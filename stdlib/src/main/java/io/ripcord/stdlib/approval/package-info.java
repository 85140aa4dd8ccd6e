/** {@code confirm}: a step waits for the operator's approval, given at the terminal or in advance on the command line. */
package io.ripcord.stdlib.approval;
