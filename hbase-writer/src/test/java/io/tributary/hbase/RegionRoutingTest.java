package io.tributary.hbase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Region lookup by start key, and the shuffle token that puts region i in Spark partition i. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegionRoutingTest {

  @Test
  void findsTheRegionByStartKey() {
    RegionRouting routing = new RegionRouting(new byte[][] {{2}, {}, {1}, {3}});
    assertEquals(4, routing.regions());
    assertEquals(0, routing.regionOf(new byte[] {0, 9}));
    assertEquals(1, routing.regionOf(new byte[] {1}));
    assertEquals(1, routing.regionOf(new byte[] {1, 0, 0}));
    assertEquals(2, routing.regionOf(new byte[] {2, 5}));
    assertEquals(3, routing.regionOf(new byte[] {(byte) 0xff}), "unsigned order: 0xff is after 0x03");
    assertEquals(0, new RegionRouting(new byte[0][]).regionOf(new byte[] {7}));
  }

  @Test
  void tokenOfRegionILandsInSparkPartitionI() {
    for (int regions : new int[] {1, 2, 4, 7, 16}) {
      RegionRouting routing = new RegionRouting(RowKeys.saltSplitsWithFirst(regions));
      List<Row> rows = new ArrayList<>();
      for (int region = 0; region < regions; region++) {
        rows.add(RowFactory.create(region, routing.tokenOf(new byte[] {(byte) region, 'k'})));
      }
      StructType schema = new StructType().add("region", DataTypes.IntegerType).add("token", DataTypes.IntegerType);
      List<Row> placed = TestHBase.spark().createDataFrame(rows, schema).repartition(regions, col("token"))
          .select(col("region"), spark_partition_id().as("partition")).collectAsList();
      for (Row r : placed) {
        assertEquals(r.getInt(0), r.getInt(1), regions + " regions");
      }
    }
  }
}
