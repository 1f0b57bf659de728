/**
 * Values of the membership layer: the nodes to connect ({@link org.nebulaha.membership.model.NodeSpec}),
 * what this node runs with ({@link org.nebulaha.membership.model.MembershipConfig}), how the totem
 * token maps to the failure detectors ({@link org.nebulaha.membership.model.TotemTimeouts}) and what
 * every member knows about every other ({@link org.nebulaha.membership.model.MemberInfo}).
 */
package org.nebulaha.membership.model;
