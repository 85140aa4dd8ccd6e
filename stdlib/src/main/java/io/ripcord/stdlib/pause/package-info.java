/** {@code wait}: let time pass (caches drain, a replica catch up), interruptibly, with progress. */
package io.ripcord.stdlib.pause;
