/** oned's users and OpenNebula's core authentication ({@code user:password} sessions, SHA1 passwords). */
package org.nebulaha.oned.auth;
