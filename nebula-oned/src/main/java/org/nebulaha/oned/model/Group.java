package org.nebulaha.oned.model;

/** An OpenNebula group: oneadmin (0) and users (1) exist from the start, new ones are numbered from 100. */
public record Group(int id, String name, Template quotas) {}
