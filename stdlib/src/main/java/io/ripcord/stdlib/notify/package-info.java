/** {@code notify}: a webhook POST with the run's summary so far. */
package io.ripcord.stdlib.notify;
