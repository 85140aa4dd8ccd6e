/** Running an external program with a timeout that cannot hang, capturing its output as it goes. */
package io.ripcord.stdlib.process;
