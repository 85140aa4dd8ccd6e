/** {@code log}: a message in the run's output and its record. */
package io.ripcord.stdlib.log;
