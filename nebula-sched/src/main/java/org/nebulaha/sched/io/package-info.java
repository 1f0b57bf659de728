/** mm_sched's edge: XML-RPC calls to oned and the documents they return. */
package org.nebulaha.sched.io;
