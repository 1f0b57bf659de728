package org.nebulaha.conf.model;

/** {@code <failoverdomainnode name priority>}; priority 0 means none was given. */
public record FailoverDomainNode(String name, int priority) {}
