/** The mm_sched loop: passes every SCHED_INTERVAL, back-off while oned does not answer. */
package org.nebulaha.sched.daemon;
