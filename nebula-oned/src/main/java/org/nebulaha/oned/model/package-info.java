/** oned's records and states: VM, LCM and host states with OpenNebula's codes, templates, VM and host documents in OpenNebula's XML. */
package org.nebulaha.oned.model;
