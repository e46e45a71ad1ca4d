package org.omnileads.deploy.run;

/** There is no run to resume, or its journal cannot be read; the message says which and why. */
public class ResumeException extends Exception {
    public ResumeException(String message) { super(message); }

    public ResumeException(String message, Throwable cause) { super(message, cause); }
}
