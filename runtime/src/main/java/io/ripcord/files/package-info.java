/** Files Ripcord keeps for itself and loads code from: created owner-only, trusted only when still its user's alone. */
package io.ripcord.files;
