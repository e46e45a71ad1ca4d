package org.omnileads.deploy.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.omnileads.deploy.inventory.Host;

/**
 * The frames between a deployer and its {@link SessionKeeper}, over a Unix socket only its user can
 * reach. A frame is one kind byte, a length (4 bytes) and that many bytes of payload; one
 * connection carries one request (its first frame) and the conversation that answers it.
 */
final class KeeperWire {
    /** In the socket's name, with the build's own mark: a deployer never talks to a keeper of another build. */
    static final int VERSION = 2;
    /** A frame larger than this is refused: no request needs more, and a broken peer must not make us allocate gigabytes. */
    static final int MAX_FRAME = 64 * 1024 * 1024;

    // Requests, the first frame of a connection.
    static final byte CONNECT = 1;
    static final byte EXEC = 2;
    static final byte UPLOAD = 3;
    static final byte STATUS = 4;
    static final byte CLOSE = 5;
    /** What a run learned of a host's facts, kept with its session for the next run. */
    static final byte FACTS = 6;
    /** The most a host's facts may weigh in the keeper. */
    static final int MAX_FACTS = 4 * 1024 * 1024;
    // The login conversation.
    static final byte ASK_PASSWORD = 10;
    static final byte PASSWORD = 11;
    static final byte ACCEPTED = 12;
    static final byte ASK_HOST_KEY = 13;
    static final byte ANSWER = 14;
    static final byte NOTICE = 15;
    static final byte CONNECTED = 16;
    // Commands and uploads.
    static final byte LINE = 20;
    static final byte RESULT = 21;
    static final byte FAILED = 22;
    /** The keeper has no open session for that host (any more): the deployer logs in again. */
    static final byte GONE = 23;
    static final byte READY = 24;
    static final byte DATA = 25;
    static final byte END = 26;
    static final byte ABORT = 27;
    static final byte DONE = 28;
    static final byte IO_FAILED = 29;
    static final byte SESSIONS = 30;

    private KeeperWire() {}

    /** One frame read: its kind and a reader of its payload. */
    record Frame(byte kind, Reader body) {}

    static void write(OutputStream out, byte kind, Writer body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.bytes();
        DataOutputStream d = new DataOutputStream(out);
        d.writeByte(kind);
        d.writeInt(b.length);
        d.write(b);
        d.flush();
    }

    /** The next frame; EOFException when the peer closed the connection. */
    static Frame read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int kind = d.read();
        if (kind < 0) throw new EOFException("the connection closed");
        int n = d.readInt();
        if (n < 0 || n > MAX_FRAME) throw new IOException("a frame of " + n + " bytes");
        byte[] b = new byte[n];
        d.readFully(b);
        return new Frame((byte) kind, new Reader(b));
    }

    /** The payload of a frame being built. */
    static final class Writer {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(buf);

        Writer str(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            return this;
        }

        Writer bytes(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
            return this;
        }

        Writer num(long v) throws IOException {
            out.writeLong(v);
            return this;
        }

        Writer bool(boolean v) throws IOException {
            out.writeBoolean(v);
            return this;
        }

        Writer host(Host h) throws IOException {
            return str(h.name()).str(h.address()).num(h.port()).str(h.user()).num(h.line());
        }

        /** An SSH failure as its cause, host label, message and fix, so the deployer shows what it would have shown. */
        Writer failure(SshException e) throws IOException {
            return str(e.kind().name()).str(e.host()).str(e.getMessage()).str(e.fix());
        }

        byte[] bytes() { return buf.toByteArray(); }
    }

    /** The payload of a frame read. */
    static final class Reader {
        private final DataInputStream in;

        Reader(byte[] b) { this.in = new DataInputStream(new ByteArrayInputStream(b)); }

        String str() throws IOException {
            int n = in.readInt();
            if (n < 0) return null;
            byte[] b = new byte[n];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        byte[] bytes() throws IOException {
            int n = in.readInt();
            if (n < 0) throw new IOException("negative length");
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        long num() throws IOException { return in.readLong(); }

        int integer() throws IOException { return Math.toIntExact(in.readLong()); }

        boolean bool() throws IOException { return in.readBoolean(); }

        Host host() throws IOException { return new Host(str(), str(), integer(), str(), integer()); }

        SshException failure() throws IOException {
            SshException.Cause cause = SshException.Cause.valueOf(str());
            return SshException.relayed(cause, str(), str(), str());
        }
    }

    /**
     * A stream reading the channel directly. (The JDK's {@code Channels.newInputStream} holds the
     * channel's lock while it waits to read, so a writer of the same connection would wait too.)
     */
    static InputStream input(SocketChannel ch) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                return ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** A stream writing the channel directly (see {@link #input}). */
    static OutputStream output(SocketChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                while (bb.hasRemaining()) ch.write(bb);
            }
        };
    }

    /**
     * The content of an upload as the deployer sends it: DATA frames, then END, or ABORT when it
     * could not read its own file (the upload then fails and leaves the target as it was).
     */
    static final class Content extends InputStream {
        private final InputStream in;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean ended;

        Content(InputStream in) { this.in = in; }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == chunk.length) {
                if (ended) return -1;
                Frame f = KeeperWire.read(in);
                switch (f.kind()) {
                    case DATA -> {
                        chunk = f.body().bytes();
                        pos = 0;
                    }
                    case END -> ended = true;
                    case ABORT -> {
                        ended = true;
                        throw new IOException("the deployer could not read the file: " + f.body().str());
                    }
                    default -> throw new IOException("unexpected frame " + f.kind() + " in an upload");
                }
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Reads what is left of the content, so the deployer is not left writing into a full socket. */
        void drain() throws IOException {
            byte[] skip = new byte[64 * 1024];
            try {
                while (read(skip, 0, skip.length) >= 0) {
                    // Discarded: the upload is over.
                }
            } catch (IOException e) {
                if (!ended) throw e;
            }
        }
    }

    /** The keeper's name for a host's session: the login and where it goes. */
    static String sessionKey(Host h) { return h.user() + "@" + h.address() + ":" + h.port(); }
}
