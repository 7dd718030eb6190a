package fangxin.devdb;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Embedded MongoDB-compatible engine for development, tests and benchmarks.
 *
 * Usage: DevDb <port> [memory | path/to/file.mv]
 * Prints the connection URI as the first line of stdout (the library logs to stderr), then runs until SIGTERM,
 * when a shutdown hook stops the server (which also commits the H2 file).
 */
public final class DevDb {

    /** Mongoose 9 (driver 7) refuses servers below wire version 9, so this engine reports MongoDB 4.4. */
    private static final MongoVersion MONGO_4_4 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public String toVersionString() {
            return "4.4.0";
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String storage = args.length > 1 ? args[1] : "memory";

        MongoBackend backend;
        if ("memory".equals(storage)) {
            backend = new MemoryBackend();
        } else {
            File file = new File(storage);
            File parent = file.getAbsoluteFile().getParentFile();
            if (parent != null && !parent.isDirectory() && !parent.mkdirs()) {
                System.err.println("devdb: cannot create " + parent);
                System.exit(2);
            }
            backend = new H2Backend(file.getPath());
        }
        backend.version(MONGO_4_4);

        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }, "devdb-shutdown"));

        System.out.println("mongodb://127.0.0.1:" + address.getPort() + "/");
        System.out.flush();
        stopped.await();
    }
}
