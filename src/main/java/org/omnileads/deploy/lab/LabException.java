package org.omnileads.deploy.lab;

/** The lab could not do what was asked; carries what to do about it. */
public class LabException extends Exception {
    private final String fix;

    public LabException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    public String fix() { return fix; }
}
