/**
 * The membership layer on JGroups: the cluster key ({@link org.nebulaha.membership.jgroups.ClusterKey}),
 * the join authentication token ({@link org.nebulaha.membership.jgroups.HmacAuthToken}), the protocol
 * stack ({@link org.nebulaha.membership.jgroups.ClusterStack}) and the channel wrapper that tells
 * members' names, node ids, incarnations and join times ({@link org.nebulaha.membership.jgroups.Membership}).
 */
package org.nebulaha.membership.jgroups;
