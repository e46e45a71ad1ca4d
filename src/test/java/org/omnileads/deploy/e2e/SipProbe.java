package org.omnileads.deploy.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One SIP OPTIONS request over UDP from the workstation, and the first final response to it.
 * The request carries {@code rport}, so the answer comes back to this socket's port whatever
 * the Via says; {@code 100 Trying} is skipped. Kamailio answers an OPTIONS without a user part
 * itself and forwards one with a user part to Asterisk, which is how a check tells the two apart.
 */
final class SipProbe {
    /** Longer than a SIP transaction timeout (32 s): a forwarded request nobody answers ends in 408. */
    private static final Duration WAIT = Duration.ofSeconds(35);

    private SipProbe() {}

    /**
     * Sends {@code OPTIONS requestUri} to {@code host:port} and returns the first final response
     * (status line and headers), or a line starting with {@code NO ANSWER} when none came.
     */
    static String options(String host, int port, String requestUri) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(host, port));
            String me = socket.getLocalAddress().getHostAddress();
            int myPort = socket.getLocalPort();
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String msg = "OPTIONS " + requestUri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + me + ":" + myPort + ";branch=z9hG4bK" + tag + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@" + me + ">;tag=" + tag + "\r\n"
                    + "To: <" + requestUri + ">\r\n"
                    + "Call-ID: " + UUID.randomUUID() + "@" + me + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Contact: <sip:probe@" + me + ":" + myPort + ">\r\n"
                    + "Accept: application/sdp\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] out = msg.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(out, out.length));
            Instant deadline = Instant.now().plus(WAIT);
            byte[] buf = new byte[8192];
            while (Instant.now().isBefore(deadline)) {
                socket.setSoTimeout((int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String answer = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
                if (!answer.startsWith("SIP/2.0 1")) return answer;
            }
            return "NO ANSWER from " + host + ":" + port + " within " + WAIT.toSeconds() + " s";
        }
    }
}
