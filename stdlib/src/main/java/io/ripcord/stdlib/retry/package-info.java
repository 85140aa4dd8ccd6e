/** Trying again: attempts with an interval, backoff, a start period and consecutive successes, written once for every verb that polls. */
package io.ripcord.stdlib.retry;
