/** The scheduling pass: a pure function from sched.conf, pending VMs and hosts to a plan. */
package org.nebulaha.sched.plan;
