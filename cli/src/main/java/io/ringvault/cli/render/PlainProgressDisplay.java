package io.ringvault.cli.render;

import io.ringvault.cli.client.Operation;
import java.io.PrintWriter;

/** For a pipe or a log: one line per poll that brought news, nothing when only the rate moved. */
public final class PlainProgressDisplay implements ProgressDisplay {
    private final PrintWriter out;
    private final ProgressRenderer renderer;
    private String lastKey;

    public PlainProgressDisplay(PrintWriter out, ProgressRenderer renderer) {
        this.out = out;
        this.renderer = renderer;
    }

    @Override
    public void show(Operation operation) {
        String key = renderer.changeKey(operation);
        if (key.equals(lastKey)) {
            return;
        }
        lastKey = key;
        out.println(renderer.line(operation));
        out.flush();
    }
}
