package org.omnileads.deploy.testhosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the command lines of every process ({@code ps -eo args}) about every 200 ms, on the
 * workstation (a thread of the test JVM) and on each host (a loop inside the container keeping
 * each distinct line once, in {@code /dev/shm}: memory, outside the file systems a test greps),
 * until {@link #stop()} returns every distinct line seen, per place.
 */
public final class ProcessListSampler {
    private static final String HOST_FILE = "/dev/shm/oml-ps-samples";
    private static final String STOP = "/dev/shm/oml-ps-stop";
    private static final String DONE = "/dev/shm/oml-ps-done";

    private final List<TestHost> hosts;
    private final Set<String> workstation = ConcurrentHashMap.newKeySet();
    private final Thread local;
    private volatile boolean running = true;
    private volatile int localSamples;

    private ProcessListSampler(List<TestHost> hosts) {
        this.hosts = hosts;
        this.local = new Thread(this::sampleWorkstation, "ps-sampler");
        this.local.setDaemon(true);
    }

    /** Starts sampling on the workstation and on every host. */
    public static ProcessListSampler start(List<TestHost> hosts) {
        ProcessListSampler s = new ProcessListSampler(hosts);
        for (TestHost h : hosts) {
            var r = h.shInside("rm -f " + STOP + " " + DONE + "; setsid sh -c '"
                    + "while [ ! -e " + STOP + " ]; do ps -eo args=; echo oml-sample; sleep 0.2; done"
                    + " | awk \"!s[\\$0]++\" > " + HOST_FILE + "; touch " + DONE + "' </dev/null >/dev/null 2>&1 &");
            if (r.getExitCode() != 0) throw new IllegalStateException("cannot start sampling on " + h + ": " + r.getStderr());
        }
        s.local.start();
        return s;
    }

    /** One place's samples. */
    public record Samples(String place, Set<String> lines) {}

    /** Stops sampling and returns the distinct command lines seen: the workstation's first, then each host's. */
    public List<Samples> stop() throws InterruptedException {
        running = false;
        local.join(10_000);
        List<Samples> out = new ArrayList<>();
        out.add(new Samples("workstation (" + localSamples + " samples)", Set.copyOf(workstation)));
        for (TestHost h : hosts) {
            h.execInside("touch", STOP);
            for (int i = 0; i < 50 && h.execInside("test", "-e", DONE).getExitCode() != 0; i++) Thread.sleep(100);
            String text = h.execInside("cat", HOST_FILE).getStdout();
            h.execInside("rm", "-f", HOST_FILE, STOP, DONE);
            Set<String> lines = new LinkedHashSet<>(List.of(text.split("\n")));
            if (!lines.contains("oml-sample")) throw new IllegalStateException("no sample was taken on " + h);
            out.add(new Samples(h.name(), lines));
        }
        return out;
    }

    private void sampleWorkstation() {
        while (running) {
            try {
                Process p = new ProcessBuilder("ps", "-eo", "args=").redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                workstation.addAll(List.of(text.split("\n")));
                localSamples++;
                Thread.sleep(200);
            } catch (IOException e) {
                throw new IllegalStateException("ps failed on the workstation", e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
