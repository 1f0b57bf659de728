/** The VM life cycle: pure transition tables (Transitions, VmActions) and the Core that applies them, commits and then sends the next driver operation. */
package org.nebulaha.oned.lifecycle;
