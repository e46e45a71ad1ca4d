package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.secrets.Redactor;

class EventBusTest {
    private static final String SECRET = "Hunter2-pass";

    /** Builds each kind of event with the secret in every string it holds, whatever fields are added later. */
    static List<Event> everyEventWithSecret() throws Exception {
        List<Event> out = new ArrayList<>();
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            RecordComponent[] rc = c.getRecordComponents();
            Class<?>[] types = new Class<?>[rc.length];
            Object[] args = new Object[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                args[i] = valueFor(rc[i].getType(), rc[i].getGenericType());
            }
            Constructor<?> k = c.getDeclaredConstructor(types);
            out.add((Event) k.newInstance(args));
        }
        return out;
    }

    private static Object valueFor(Class<?> t, Type generic) {
        if (t == String.class) return "before " + SECRET + " after";
        if (t == int.class) return 1;
        if (t == long.class) return 2L;
        if (t == boolean.class) return true;
        if (t == TaskStatus.class) return TaskStatus.CHANGED;
        if (t == List.class) return List.of("x" + SECRET);
        if (t == Parameters.class) return new Parameters(SECRET, false, false, 1, List.of(SECRET), List.of(SECRET), List.of(SECRET),
                Map.of("v", SECRET, "nested", List.of(Map.of("k", SECRET))));
        if (t == Map.class && generic instanceof ParameterizedType p && p.getActualTypeArguments()[1] == Recap.class) {
            return Map.of(SECRET, Recap.EMPTY);
        }
        throw new AssertionError("the test does not know how to fill a " + generic + ": extend it");
    }

    @Test
    void everyStringOfEveryEventIsRedactedBeforeAnySubscriber() throws Exception {
        Redactor r = new Redactor();
        r.add(SECRET);
        EventBus bus = new EventBus(r);
        List<Event> seen = new ArrayList<>();
        bus.subscribe(seen::add);
        List<Event> all = everyEventWithSecret();
        for (Event e : all) bus.publish(e);
        assertEquals(all.size(), seen.size());
        for (Event e : seen) {
            String json = JsonEvents.line(e);
            assertFalse(json.contains(SECRET), json);
            assertTrue(json.contains(Redactor.MASK), json);
            assertFalse(e.toString().contains(SECRET), e.toString());
        }
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthers() {
        EventBus bus = new EventBus(new Redactor());
        List<Event> seen = new ArrayList<>();
        bus.subscribe(e -> { throw new IllegalStateException("disk full"); });
        bus.subscribe(seen::add);
        bus.publish(new Event.Notice(null, "hello"));
        assertEquals(1, seen.size());
        assertEquals(1, bus.failures().size());
        assertTrue(bus.failures().get(0).contains("disk full"));
    }
}
