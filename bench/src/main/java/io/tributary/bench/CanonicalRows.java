package io.tributary.bench;

import io.tributary.shaded.thrift.TBase;
import io.tributary.shaded.thrift.meta_data.FieldMetaData;
import io.tributary.shaded.thrift.meta_data.FieldValueMetaData;
import io.tributary.shaded.thrift.meta_data.ListMetaData;
import io.tributary.shaded.thrift.meta_data.MapMetaData;
import io.tributary.shaded.thrift.meta_data.SetMetaData;
import io.tributary.shaded.thrift.meta_data.StructMetaData;
import io.tributary.shaded.thrift.protocol.TType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link InternalRow} of a Thrift struct's schema into plain Java values that compare with
 * {@code equals} regardless of the things Thrift does not order: map entries (compared sorted by key) and
 * set elements (sorted). Lists keep their order, binary compares by content. Used to check that our decoder and
 * the reflective baseline produce the same rows (the baseline goes through Thrift's {@code HashMap}/{@code HashSet},
 * so its map and set order differ from the wire order).
 */
public final class CanonicalRows {
    private CanonicalRows() {
    }

    public static List<Object> of(InternalRow row, StructType schema, Class<? extends TBase<?, ?>> thriftClass) {
        return struct(row, schema, thriftClass);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Object> struct(InternalRow row, StructType schema, Class<?> thriftClass) {
        Map<?, FieldMetaData> meta = FieldMetaData.getStructMetaDataMap((Class) thriftClass);
        Map<String, FieldValueMetaData> byName = new HashMap<>();
        for (FieldMetaData f : meta.values()) {
            byName.put(f.fieldName, f.valueMetaData);
        }
        List<Object> out = new ArrayList<>(schema.size());
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            Object v = row.isNullAt(i) ? null : row.get(i, fields[i].dataType());
            out.add(fields[i].name() + "=" + value(v, fields[i].dataType(), byName.get(fields[i].name())));
        }
        return out;
    }

    private static Object value(Object v, DataType type, FieldValueMetaData meta) {
        if (v == null) {
            return null;
        }
        if (type instanceof StructType) {
            StructType st = (StructType) type;
            return struct((InternalRow) v, st, ((StructMetaData) meta).structClass);
        }
        if (type instanceof ArrayType) {
            ArrayType at = (ArrayType) type;
            ArrayData data = (ArrayData) v;
            boolean isSet = meta != null && meta.type == TType.SET;
            FieldValueMetaData elemMeta = meta == null ? null
                : isSet ? ((SetMetaData) meta).elemMetaData : ((ListMetaData) meta).elemMetaData;
            List<Object> out = new ArrayList<>(data.numElements());
            for (int i = 0; i < data.numElements(); i++) {
                out.add(value(data.isNullAt(i) ? null : data.get(i, at.elementType()), at.elementType(), elemMeta));
            }
            if (isSet) {
                out.sort(Comparator.comparing(String::valueOf));
            }
            return out;
        }
        if (type instanceof MapType) {
            MapType mt = (MapType) type;
            MapData data = (MapData) v;
            MapMetaData mm = (MapMetaData) meta;
            // Sorted, because rows are compared through their string form and HashMap order depends on insertion.
            Map<Object, Object> out = new java.util.TreeMap<>(Comparator.comparing(String::valueOf));
            ArrayData keys = data.keyArray();
            ArrayData values = data.valueArray();
            for (int i = 0; i < data.numElements(); i++) {
                out.put(value(keys.get(i, mt.keyType()), mt.keyType(), mm == null ? null : mm.keyMetaData),
                    value(values.isNullAt(i) ? null : values.get(i, mt.valueType()), mt.valueType(),
                        mm == null ? null : mm.valueMetaData));
            }
            return out;
        }
        if (type instanceof BinaryType) {
            return ByteBuffer.wrap((byte[]) v);
        }
        if (type instanceof StringType) {
            return v.toString();
        }
        return v;
    }
}
