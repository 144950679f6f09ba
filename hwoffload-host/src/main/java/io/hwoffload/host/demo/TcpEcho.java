package io.hwoffload.host.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;

/**
 * A one-connection TCP echo that the demo runs inside a pod's network namespace ({@code ip netns exec}): a JVM
 * cannot enter a namespace itself, and this way no netcat is needed. JDK only, so it starts from the demo's own
 * class path.
 *
 * <ul>
 *   <li>{@code serve ADDRESS PORT}: accepts one connection within 15 s, echoes it to its end, exits 0.</li>
 *   <li>{@code send ADDRESS PORT BYTES}: connects (retrying while the server starts), sends BYTES, reads them back,
 *       prints {@code echoed N bytes} and exits 0 when all came back unchanged, 1 otherwise.</li>
 * </ul>
 */
public final class TcpEcho {
    private static final int TIMEOUT_MILLIS = 15_000;

    private TcpEcho() {
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            if (args.length == 3 && args[0].equals("serve")) {
                serve(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
            } else if (args.length == 4 && args[0].equals("send")) {
                System.exit(send(InetAddress.getByName(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])) ? 0 : 1);
            } else {
                System.err.println("usage: TcpEcho serve ADDRESS PORT | send ADDRESS PORT BYTES");
                System.exit(2);
            }
        } catch (IOException e) {
            System.err.println(args[0] + " " + args[1] + ":" + args[2] + ": " + e);
            System.exit(1);
        }
    }

    private static void serve(InetAddress address, int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port));
            server.setSoTimeout(TIMEOUT_MILLIS);
            System.out.println("listening");
            System.out.flush();
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(TIMEOUT_MILLIS);
                peer.getInputStream().transferTo(peer.getOutputStream());
            }
        }
    }

    private static boolean send(InetAddress address, int port, int bytes) throws IOException, InterruptedException {
        byte[] payload = new byte[bytes];
        new Random(port).nextBytes(payload);
        try (Socket socket = connect(new InetSocketAddress(address, port))) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            // Write on another thread: echoed bytes must be read while the rest is still going out.
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(payload);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException e) {
                    System.err.println("sending failed: " + e.getMessage());
                }
            });
            writer.start();
            InputStream in = socket.getInputStream();
            byte[] echoed = in.readAllBytes();
            writer.join();
            System.out.println("echoed " + echoed.length + " bytes");
            return Arrays.equals(payload, echoed);
        }
    }

    private static Socket connect(InetSocketAddress server) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(server, 2_000);
                return socket;
            } catch (ConnectException e) {
                socket.close();
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
