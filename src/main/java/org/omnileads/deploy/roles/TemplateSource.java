package org.omnileads.deploy.roles;

/**
 * A role template as written, not rendered.
 *
 * @param file the template as messages name it, e.g. roles/prereqs/templates/omnileads_envars.sh
 * @param text its text
 */
public record TemplateSource(String file, String text) {}
