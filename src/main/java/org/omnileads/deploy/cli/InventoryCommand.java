package org.omnileads.deploy.cli;

import picocli.CommandLine.Command;

/** {@code deploy inventory check|show|init}. */
@Command(name = "inventory", mixinStandardHelpOptions = true, description = "Check, show or create an inventory.")
public final class InventoryCommand {
}
