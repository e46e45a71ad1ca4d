package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.KeeperWire.Frame;
import org.omnileads.deploy.ssh.KeeperWire.Writer;

/** The frames between a deployer and its session keeper. */
class KeeperWireTest {
    private static InputStream framed(byte kind, Writer w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KeeperWire.write(out, kind, w);
        return new ByteArrayInputStream(out.toByteArray());
    }

    @Test
    void everyFieldComesBackAsSent() throws Exception {
        Host h = new Host("app", "10.0.0.5", 2222, "root", 7);
        SshException e = new SshException(SshException.Cause.TIMED_OUT, h.label(), "no answer", "check the cable", null);
        byte[] raw = {0, (byte) 0xff, 10, 13};
        Frame f = KeeperWire.read(framed(KeeperWire.EXEC, new Writer().str("ñ ü \n 'q'").str(null).str("").bytes(raw)
                .num(Long.MAX_VALUE).num(-1).bool(true).bool(false).host(h).failure(e)));
        assertEquals(KeeperWire.EXEC, f.kind());
        assertEquals("ñ ü \n 'q'", f.body().str());
        assertNull(f.body().str(), "null stays null, not empty");
        assertEquals("", f.body().str());
        assertArrayEquals(raw, f.body().bytes());
        assertEquals(Long.MAX_VALUE, f.body().num());
        assertEquals(-1, f.body().integer());
        assertTrue(f.body().bool());
        assertEquals(false, f.body().bool());
        assertEquals(h, f.body().host());
        SshException back = f.body().failure();
        assertEquals(e.kind(), back.kind());
        assertEquals(e.getMessage(), back.getMessage(), "the operator reads what the keeper's connector said");
        assertEquals("check the cable", back.fix());
        assertEquals(h.label(), back.host());
    }

    @Test
    void aClosedConnectionAndAnOversizedFrameAreTold() throws Exception {
        assertThrows(EOFException.class, () -> KeeperWire.read(new ByteArrayInputStream(new byte[0])));
        byte[] huge = ByteBuffer.allocate(5).put(KeeperWire.DATA).putInt(KeeperWire.MAX_FRAME + 1).array();
        IOException big = assertThrows(IOException.class, () -> KeeperWire.read(new ByteArrayInputStream(huge)));
        assertTrue(big.getMessage().contains("bytes"), big.getMessage());
        byte[] cut = ByteBuffer.allocate(7).put(KeeperWire.DATA).putInt(10).put((byte) 1).put((byte) 2).array();
        assertThrows(EOFException.class, () -> KeeperWire.read(new ByteArrayInputStream(cut)), "a frame cut short");
    }

    @Test
    void anUploadsContentIsItsDataFramesUpToEndAndAnAbortFailsIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KeeperWire.write(out, KeeperWire.DATA, new Writer().bytes("hello ".getBytes()));
        KeeperWire.write(out, KeeperWire.DATA, new Writer().bytes(new byte[0]));
        KeeperWire.write(out, KeeperWire.DATA, new Writer().bytes("world".getBytes()));
        KeeperWire.write(out, KeeperWire.END, null);
        KeeperWire.write(out, KeeperWire.DONE, null);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals("hello world", new String(new KeeperWire.Content(in).readAllBytes()));
        assertEquals(KeeperWire.DONE, KeeperWire.read(in).kind(), "the content ends at END, not later");

        out.reset();
        KeeperWire.write(out, KeeperWire.DATA, new Writer().bytes("part".getBytes()));
        KeeperWire.write(out, KeeperWire.ABORT, new Writer().str("disk gone"));
        IOException e = assertThrows(IOException.class, () -> new KeeperWire.Content(new ByteArrayInputStream(out.toByteArray())).readAllBytes());
        assertTrue(e.getMessage().contains("disk gone"), e.getMessage());

        // drain(): what an upload that failed early left unread is read, so the deployer is not left writing.
        out.reset();
        for (int i = 0; i < 5; i++) KeeperWire.write(out, KeeperWire.DATA, new Writer().bytes(new byte[1000]));
        KeeperWire.write(out, KeeperWire.END, null);
        KeeperWire.write(out, KeeperWire.DONE, null);
        ByteArrayInputStream rest = new ByteArrayInputStream(out.toByteArray());
        KeeperWire.Content c = new KeeperWire.Content(rest);
        assertEquals(0, c.read(new byte[10], 0, 10) - 10);
        c.drain();
        assertEquals(KeeperWire.DONE, KeeperWire.read(rest).kind());
    }

    @Test
    void aSessionIsKnownByItsLoginAndPlace() {
        assertEquals("root@10.0.0.5:22", KeeperWire.sessionKey(new Host("a", "10.0.0.5", 22, "root", 1)));
        assertEquals(KeeperWire.sessionKey(new Host("a", "10.0.0.5", 22, "root", 1)), KeeperWire.sessionKey(new Host("b", "10.0.0.5", 22, "root", 9)),
                "two inventory names for one place share the session");
    }
}
