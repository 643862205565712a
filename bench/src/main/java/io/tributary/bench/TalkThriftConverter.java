package io.tributary.bench;

import io.tributary.shaded.thrift.TBase;
import io.tributary.shaded.thrift.TFieldIdEnum;
import io.tributary.shaded.thrift.meta_data.FieldMetaData;
import io.tributary.shaded.thrift.meta_data.FieldValueMetaData;
import io.tributary.shaded.thrift.meta_data.ListMetaData;
import io.tributary.shaded.thrift.meta_data.MapMetaData;
import io.tributary.shaded.thrift.meta_data.SetMetaData;
import io.tributary.shaded.thrift.protocol.TType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.collection.mutable.ArrayBuffer;

/**
 * The converter of the original talk, step for step: airbnb-spark-thrift's {@code ThriftParser.convertObject}
 * ported to Java. Per struct and per row it fetches the struct's metadata map, and per field looks the field up in
 * the Spark schema by name ({@code schema(fieldName)} and {@code schema.fieldIndex(fieldName)}), finds the field by
 * id, boxes its value, pairs it with its index, then sorts the pairs by index to build the {@link Row}; containers
 * are rebuilt element by element into new Scala collections, and maps look every key up again
 * ({@code mapData.get(key)}). The Row then goes through Spark's encoder, as {@code createDataFrame} does.
 *
 * <p>Its known defects are fixed so it produces the same rows as our decoder: unset optionals are null (it checks
 * {@code isSet}), binary stays bytes rather than lossy UTF-8, i8 is supported.
 */
public final class TalkThriftConverter extends ReflectiveThriftConverter {

  public TalkThriftConverter(Class<? extends TBase<?, ?>> thriftClass, StructType schema) {
    super(thriftClass, schema);
  }

  @Override
  public Row toRow(TBase<?, ?> object) {
    return convertObject(object, schema());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Row convertObject(TBase instance, StructType schema) {
    if (instance == null) {
      return null;
    }
    Map<? extends TFieldIdEnum, FieldMetaData> fieldMeta =
        FieldMetaData.getStructMetaDataMap((Class) instance.getClass());
    List<Tuple2<Integer, Object>> indexed = new ArrayList<>();
    for (Map.Entry<? extends TFieldIdEnum, FieldMetaData> kv : fieldMeta.entrySet()) {
      TFieldIdEnum fieldId = kv.getKey();
      FieldValueMetaData metaData = kv.getValue().valueMetaData;
      String fieldName = fieldId.getFieldName();
      StructField structField = schema.apply(fieldName);
      DataType dataType = structField.dataType();
      int index = schema.fieldIndex(fieldName);
      TFieldIdEnum field = instance.fieldForId(fieldId.getThriftFieldId());
      Object value = instance.isSet(field) ? instance.getFieldValue(field) : null;
      indexed.add(new Tuple2<>(index, convertField(value, metaData, dataType)));
    }
    indexed.sort(Comparator.comparing(Tuple2::_1));
    ArrayBuffer<Object> values = new ArrayBuffer<>();
    for (Tuple2<Integer, Object> pair : indexed) {
      values.$plus$eq(pair._2());
    }
    return Row.fromSeq(values.toSeq());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convertField(Object value, FieldValueMetaData meta, DataType type) {
    if (value == null) {
      return null;
    }
    if (meta.isBinary()) {
      if (value instanceof byte[]) {
        return value; // getFieldValue hands out the field's own array
      }
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }
    switch (meta.type) {
      case TType.STRUCT:
        return convertObject((TBase) value, (StructType) type);
      case TType.MAP: {
        MapMetaData mapMeta = (MapMetaData) meta;
        MapType mapType = (MapType) type;
        Map<Object, Object> map = (Map<Object, Object>) value;
        scala.collection.mutable.HashMap<Object, Object> out = new scala.collection.mutable.HashMap<>();
        for (Object key : map.keySet()) {
          out.put(convertField(key, mapMeta.keyMetaData, mapType.keyType()),
              convertField(map.get(key), mapMeta.valueMetaData, mapType.valueType()));
        }
        return out;
      }
      case TType.LIST:
        return convertArray((Collection<Object>) value, ((ListMetaData) meta).elemMetaData,
            ((ArrayType) type).elementType());
      case TType.SET:
        return convertArray((Collection<Object>) value, ((SetMetaData) meta).elemMetaData,
            ((ArrayType) type).elementType());
      case TType.ENUM:
        return value.toString();
      default:
        return value;
    }
  }

  private static Object convertArray(Collection<Object> collection, FieldValueMetaData elementMeta, DataType elementType) {
    ArrayBuffer<Object> out = new ArrayBuffer<>();
    for (Object element : collection) {
      out.$plus$eq(convertField(element, elementMeta, elementType));
    }
    return out.toSeq();
  }
}
