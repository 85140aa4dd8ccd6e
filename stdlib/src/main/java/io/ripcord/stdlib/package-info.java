/**
 * The standard library of verbs. One package per verb family, each verb one class with its plan half and apply half
 * side by side; mechanisms several verbs share (running a process with a timeout) live in their own package.
 */
package io.ripcord.stdlib;
