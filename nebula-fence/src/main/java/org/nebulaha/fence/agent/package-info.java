/**
 * The fence-agent calling convention as a library: {@link org.nebulaha.fence.agent.AgentRunner} runs any
 * {@code fence_*} agent with name=value lines on stdin, a timeout and captured output, and returns an
 * {@link org.nebulaha.fence.agent.AgentResult}. Used by fenced.
 */
package org.nebulaha.fence.agent;
