package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import org.apache.hadoop.hive.metastore.api.Database;
import org.junit.jupiter.api.Test;

/**
 * Spark's Hive brings libthrift 0.12 as org.apache.thrift; the events use 0.17, relocated into
 * thrift-schemas as io.tributary.shaded.thrift. Both must work in one JVM, as they do in every Spark job.
 */
class LibthriftIsolationTest {

  private static String jarOf(Class<?> cls) {
    return cls.getProtectionDomain().getCodeSource().getLocation().getPath();
  }

  @Test
  void eventsUseTheRelocatedLibthriftAndHiveKeepsItsOwn() throws Exception {
    assertTrue(io.tributary.shaded.thrift.TBase.class.isAssignableFrom(ListingEvent.class));
    assertTrue(jarOf(io.tributary.shaded.thrift.TBase.class).contains("thrift-schemas"),
        jarOf(io.tributary.shaded.thrift.TBase.class));
    String hiveThrift = jarOf(org.apache.thrift.TBase.class);
    assertTrue(hiveThrift.contains("libthrift-0.12"), "Hive's libthrift should be 0.12, is " + hiveThrift);
    assertNotEquals(io.tributary.shaded.thrift.TBase.class, org.apache.thrift.TBase.class);

    // A Hive metastore object round-trips with libthrift 0.12 ...
    Database db = new Database("events", "listings", "file:/tmp/warehouse", null);
    byte[] hiveBytes = new org.apache.thrift.TSerializer(new org.apache.thrift.protocol.TCompactProtocol.Factory()).serialize(db);
    Database back = new Database();
    new org.apache.thrift.TDeserializer(new org.apache.thrift.protocol.TCompactProtocol.Factory()).deserialize(back, hiveBytes);
    assertEquals(db, back);

    // ... while an event round-trips with 0.17 and decodes into a row, in the same JVM.
    ListingEvent event = new ListingEvent(7, 42, Operation.UPSERT, 1_496_620_800_000L).setTitle("loft");
    byte[] eventBytes = ThriftBytes.serialize(event, WireProtocol.COMPACT);
    ListingEvent decoded = new ListingEvent();
    new io.tributary.shaded.thrift.TDeserializer(new io.tributary.shaded.thrift.protocol.TCompactProtocol.Factory())
        .deserialize(decoded, eventBytes);
    assertEquals(event, decoded);
    assertEquals("loft", ThriftRowDecoder.create(ListingEvent.class, WireProtocol.COMPACT).decode(eventBytes)
        .getUTF8String(ThriftSchema.of(ListingEvent.class).fieldIndex("title")).toString());
  }
}
