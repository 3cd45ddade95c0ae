package io.ringvault.cli.render;

import io.ringvault.cli.client.Operation;
import java.io.PrintWriter;
import java.util.List;

/** For a terminal: redraws the progress block in place with ANSI escapes (cursor up, clear line). */
public final class LiveProgressDisplay implements ProgressDisplay {
    static final String CLEAR_LINE = "\u001b[2K";
    static final String CLEAR_BELOW = "\u001b[J";

    private final PrintWriter out;
    private final ProgressRenderer renderer;
    private final int columns;
    private int linesDrawn;

    /** @param columns the terminal's width, to cut lines that would wrap and spoil the redraw; 0 if not known */
    public LiveProgressDisplay(PrintWriter out, ProgressRenderer renderer, int columns) {
        this.out = out;
        this.renderer = renderer;
        this.columns = columns;
    }

    @Override
    public void show(Operation operation) {
        out.print(frame(renderer.block(operation)));
        out.flush();
    }

    /** The escapes and text that replace the previous block with {@code lines}. */
    String frame(List<String> lines) {
        StringBuilder frame = new StringBuilder();
        if (linesDrawn > 0) {
            frame.append("\u001b[").append(linesDrawn).append("A\r");
        }
        for (String line : lines) {
            frame.append(CLEAR_LINE).append(fit(line)).append('\n');
        }
        frame.append(CLEAR_BELOW); // the block may have shrunk
        linesDrawn = lines.size();
        return frame.toString();
    }

    private String fit(String line) {
        return columns > 0 && line.length() >= columns ? line.substring(0, columns - 1) : line;
    }
}
