/** The scheduler's records: sched.conf, hosts and pending VMs as read from oned, and the expression language. */
package org.nebulaha.sched.model;
