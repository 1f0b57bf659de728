/** The mm_sched command. */
package org.nebulaha.sched.cli;
