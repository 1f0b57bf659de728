/**
 * votequorum semantics as a pure function: {@link org.nebulaha.membership.quorum.Quorum#decide}
 * turns the quorum configuration, the current member set, what happened before
 * ({@link org.nebulaha.membership.quorum.QuorumHistory}) and "now" into a
 * {@link org.nebulaha.membership.quorum.QuorumDecision}. No I/O, no clock, no threads.
 */
package org.nebulaha.membership.quorum;
