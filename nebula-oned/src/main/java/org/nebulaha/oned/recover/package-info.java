/** Recovery after a fail-over: RecoverPlan (one.vm.recover per state), AutoRecovery (what the driver record proves, pure) and Settler (probes and applies). */
package org.nebulaha.oned.recover;
