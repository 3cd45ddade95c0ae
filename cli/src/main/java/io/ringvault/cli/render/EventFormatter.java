package io.ringvault.cli.render;

import io.ringvault.cli.client.CloudEvent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** One line per CloudEvent of an operation's history: time, type, source, and the gist of its data. */
public final class EventFormatter {
    private static final String TYPE_PREFIX = "io.ringvault.";
    private static final int SUMMARY_LENGTH = 120;

    private final ZoneId zone;

    public EventFormatter(ZoneId zone) {
        this.zone = zone;
    }

    /** The events in the order given, with type and source padded so that the summaries line up. */
    public List<String> lines(List<CloudEvent> events) {
        int typeWidth = 0;
        int sourceWidth = 0;
        for (CloudEvent event : events) {
            typeWidth = Math.max(typeWidth, type(event).length());
            sourceWidth = Math.max(sourceWidth, source(event).length());
        }
        List<String> lines = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            String line = Times.dateTime(event.time(), zone)
                    + "  " + pad(type(event), typeWidth)
                    + "  " + pad(source(event), sourceWidth)
                    + "  " + JsonSummary.of(event.data(), SUMMARY_LENGTH);
            lines.add(line.stripTrailing());
        }
        return lines;
    }

    private static String type(CloudEvent event) {
        String type = event.type() == null ? "-" : event.type();
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }

    private static String source(CloudEvent event) {
        return event.source() == null ? "-" : event.source();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
