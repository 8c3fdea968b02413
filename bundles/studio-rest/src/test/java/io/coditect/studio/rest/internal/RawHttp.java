package io.coditect.studio.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request line exactly as written ({@code ;}, {@code %2e%2e}, {@code //} …), which HTTP
 * client libraries would normalise or refuse.
 */
final class RawHttp {

    record Reply(int status, String head, String body) {
    }

    private RawHttp() {
    }

    static Reply send(int port, String method, String rawPath, String bearer) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + rawPath + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            if (bearer != null) {
                request.append("Authorization: Bearer ").append(bearer).append("\r\n");
            }
            if (!method.equals("GET") && !method.equals("DELETE")) {
                request.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            } else {
                request.append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Reply(status, head, body);
        }
    }
}
