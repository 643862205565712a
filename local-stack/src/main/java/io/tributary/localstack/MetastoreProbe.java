package io.tributary.localstack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hive metastore's health check: one real call, {@code get_all_databases}, in Thrift's binary protocol
 * (unframed, as the metastore serves it). Spelled out here in a few lines because the alternative, Hive's client,
 * would put Hive, libthrift 0.9 and Hadoop on the classpath of everything that starts a local stack.
 */
final class MetastoreProbe {
    private static final int VERSION_1 = 0x80010000;
    private static final byte CALL = 1;
    private static final byte REPLY = 2;
    private static final byte T_STOP = 0;
    private static final byte T_STRING = 11;
    private static final byte T_STRUCT = 12;
    private static final byte T_LIST = 15;
    private static final String METHOD = "get_all_databases";

    private MetastoreProbe() {
    }

    /** The database names the metastore on 127.0.0.1:port lists; throws with the reason when it does not answer. */
    static List<String> databases(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Processes.LOOPBACK, port), 1000);
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(VERSION_1 | CALL);
            writeString(out, METHOD);
            out.writeInt(1); // sequence id
            out.writeByte(T_STOP); // get_all_databases_args has no fields
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int header = in.readInt();
            if ((header & 0xffff0000) != VERSION_1) {
                throw new IOException("not a Thrift binary reply (header " + Integer.toHexString(header) + ")");
            }
            String method = readString(in);
            in.readInt(); // sequence id
            if ((header & 0xff) != REPLY) {
                throw new IOException(method + " failed: " + firstString(in)); // a TApplicationException
            }
            byte type = in.readByte();
            short field = type == T_STOP ? -1 : in.readShort();
            if (field == 0 && type == T_LIST) {
                return readStrings(in);
            }
            if (field == 1 && type == T_STRUCT) {
                throw new IOException(method + " raised MetaException: " + firstString(in));
            }
            throw new IOException(method + " answered field " + field + " of type " + type);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        if (in.readByte() != T_STRING) {
            throw new IOException("expected a list of strings");
        }
        int size = in.readInt();
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(readString(in));
        }
        return out;
    }

    /** The first field of a struct when it is a string (the message of an exception), else a placeholder. */
    private static String firstString(DataInputStream in) throws IOException {
        byte type = in.readByte();
        if (type != T_STRING) {
            return "(no message)";
        }
        in.readShort();
        return readString(in);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("implausible string length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
