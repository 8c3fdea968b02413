package io.coditect.studio.itests;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A vendor fake inside the container: answers {@code POST …/chat/completions} with an OpenAI
 * chat-completions SSE stream, or with 503 while "down".
 */
public class FakeChatCompletions extends HttpServlet {

    private static final long serialVersionUID = 1L;

    final AtomicInteger calls = new AtomicInteger();
    volatile boolean down;
    /** Pause between pieces, so tests can act while streams are open. */
    volatile long pieceDelayMillis;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        calls.incrementAndGet();
        req.getInputStream().readAllBytes();
        if (down) {
            resp.setStatus(503);
            resp.setContentType("application/json");
            resp.getWriter().write("{\"error\":{\"message\":\"the fake is down\",\"type\":\"server_error\"}}");
            return;
        }
        resp.setContentType("text/event-stream");
        PrintWriter out = resp.getWriter();
        for (String piece : new String[] {"Hello", " from", " the", " fake"}) {
            pause();
            if (down) {
                // a killed server: the connection breaks in the middle of the answer
                throw new IOException("fake killed mid-stream");
            }
            out.write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"" + piece + "\"}}]}\n\n");
            out.flush();
        }
        out.write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        out.write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":4,\"total_tokens\":11}}\n\n");
        out.write("data: [DONE]\n\n");
        out.flush();
    }

    private void pause() throws IOException {
        try {
            Thread.sleep(pieceDelayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
