/** Benchmarks that print figures (not tests). */
package org.nebulaha.oned.bench;
