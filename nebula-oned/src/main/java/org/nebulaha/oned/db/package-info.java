/** oned's database through JDBC (SQLite or PostgreSQL): schema and migrations, one committed transaction per change, the ownership lock. */
package org.nebulaha.oned.db;
