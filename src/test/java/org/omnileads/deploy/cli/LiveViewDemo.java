package org.omnileads.deploy.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.run.Event;
import org.omnileads.deploy.run.Parameters;
import org.omnileads.deploy.run.Recap;
import org.omnileads.deploy.run.TaskStatus;

/**
 * Feeds the console view of this process's standard output a short run with long names and
 * hostile output, as {@code deploy -i -a} would: what {@link LiveViewPtyTest} runs in a real
 * pseudo-terminal. Argument: the {@code --color} choice.
 */
public final class LiveViewDemo {
    static final String LONG_HOST = "omlapp-primary-datacenter-buenos-aires";
    static final String LONG_TASK = "install the packages the web application needs from the Debian mirror of this site";

    public static void main(String[] args) throws Exception {
        Colors colors = Colors.valueOf(args.length > 0 ? args[0].toUpperCase() : "AUTO");
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        ConsoleView v = ConsoleView.forTerminal(out, false, colors);
        Parameters p = new Parameters("install", false, false, 10, List.of(), List.of(), List.of(), Map.of());
        List<String> hosts = List.of(LONG_HOST, "db1");
        v.on(new Event.RunStarted("r1", p, hosts, null));
        v.on(new Event.PhaseStarted(1, 1, "omniapp", "omniapp", hosts));
        v.on(new Event.TaskStarted(LONG_HOST, "t1", "omniapp", LONG_TASK, false));
        v.on(new Event.TaskStarted("db1", "t2", "database", "cluster \u001b]0;pwned\u0007 init", false));
        Thread.sleep(300);
        v.on(new Event.OutputLine(LONG_HOST, "Unpacking nginx \u001b]0;retitled\u0007 (1.22) ... \u001b[2J cleared", false));
        Thread.sleep(300);
        v.on(new Event.TaskFinished(LONG_HOST, "t1", "omniapp", LONG_TASK, false, TaskStatus.CHANGED, "installed \u001b[31mred\u001b[0m", null, 2500, false));
        v.on(new Event.HostFailed("db1", "database", "cluster init", "exit status 1\n\u001b]0;pwned\u0007 no space", false));
        Map<String, Recap> recap = new LinkedHashMap<>();
        recap.put(LONG_HOST, new Recap(3, 1, 0, 0, 0, 0, 2, 1500));
        recap.put("db1", new Recap(0, 0, 1, 0, 0, 0, 1, 700));
        v.on(new Event.RunFinished("r1", 1, recap, 3000));
        v.close();
        out.flush();
    }

    private LiveViewDemo() {}
}
