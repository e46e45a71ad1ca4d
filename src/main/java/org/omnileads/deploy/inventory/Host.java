package org.omnileads.deploy.inventory;

/**
 * A target host as the inventory names it.
 *
 * @param name    the inventory host name (also the wanted host name)
 * @param address the IP address from {@code ansible_host}
 * @param port    the SSH port ({@code ansible_ssh_port} or {@code ansible_port}, default 22)
 * @param user    the SSH user ({@code ansible_user}, default root)
 * @param line    the 1-based line of the host's first appearance in the inventory file
 */
public record Host(String name, String address, int port, String user, int line) {
    /** "name (address)" as shown to operators. */
    public String label() { return name + " (" + address + ")"; }
}
