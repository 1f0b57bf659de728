/** Benchmarks of the scheduling pass. */
package org.nebulaha.sched.bench;
