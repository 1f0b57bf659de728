/** Benchmarks (mains, not tests): {@link org.nebulaha.node.bench.DetectionBenchmark}. */
package org.nebulaha.node.bench;
