package org.omnileads.deploy.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.roles.Phase;
import org.omnileads.deploy.roles.Roles;

/**
 * Which phases of the site run, and on which hosts, for the chosen components and {@code --limit}.
 * A phase on a component runs on the host holding it when the component is selected (or none
 * is); an {@code all} phase runs once on every host that holds a selected component.
 *
 * @param phases phases with at least one host, in site order
 * @param hosts  every host the run works on, in inventory order
 */
public record Selection(List<Selected> phases, List<Host> hosts) {
    public Selection {
        phases = List.copyOf(phases);
        hosts = List.copyOf(hosts);
    }

    /**
     * One phase to run.
     *
     * @param siteIndex 1-based position in {@code site.yaml}, part of the task ids the journal keeps
     */
    public record Selected(int siteIndex, Phase phase, List<Host> hosts) {
        public Selected { hosts = List.copyOf(hosts); }
    }

    /** The phases and hosts for {@code opts}; unknown {@code --limit} names are the caller's to reject. */
    public static Selection of(Roles roles, Inventory inv, RunOptions opts) {
        Set<Component> chosen = opts.components();
        List<Host> eligible = new ArrayList<>();
        for (Host h : inv.hosts()) {
            if (!opts.limit().isEmpty() && !opts.limit().contains(h.name())) continue;
            if (!chosen.isEmpty() && inv.componentsOf(h).stream().noneMatch(chosen::contains)) continue;
            eligible.add(h);
        }
        List<Selected> out = new ArrayList<>();
        Set<Host> used = new LinkedHashSet<>();
        int i = 0;
        for (Phase p : roles.site()) {
            i++;
            List<Host> hs = new ArrayList<>();
            if (Phase.ALL.equals(p.on())) {
                hs.addAll(eligible);
            } else {
                Optional<Component> c = p.on() == null ? Optional.empty() : Component.ofGroup(p.on());
                if (c.isEmpty() || (!chosen.isEmpty() && !chosen.contains(c.get()))) continue;
                Host h = inv.wiring().host(c.get());
                if (h != null && eligible.contains(h)) hs.add(h);
            }
            if (hs.isEmpty()) continue;
            used.addAll(hs);
            out.add(new Selected(i, p, hs));
        }
        List<Host> hosts = inv.hosts().stream().filter(used::contains).toList();
        return new Selection(out, hosts);
    }
}
