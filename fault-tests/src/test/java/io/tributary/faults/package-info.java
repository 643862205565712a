/**
 * Fault tests: each runs real jobs (child JVMs) against real servers of the local stack, injects a fault (SIGKILL,
 * a broker restart, a sink outage, poison records, a bad job file) and checks the stores against the state computed
 * from the events it produced, printing its figures (produced, found, lost, duplicated, dead-lettered).
 */
package io.tributary.faults;
