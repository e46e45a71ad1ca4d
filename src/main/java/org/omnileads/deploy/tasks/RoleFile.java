package org.omnileads.deploy.tasks;

/**
 * A file of a role, as a task receives it: from {@code files/} as it is, from
 * {@code templates/} already rendered for the host.
 *
 * @param path  the path as written in the task, relative to the role folder
 * @param bytes the content to place on the host
 */
public record RoleFile(String path, byte[] bytes) {}
