package io.tributary.bench;

import io.tributary.shaded.thrift.TBase;
import io.tributary.shaded.thrift.TDeserializer;
import io.tributary.shaded.thrift.TEnum;
import io.tributary.shaded.thrift.TException;
import io.tributary.shaded.thrift.TFieldIdEnum;
import io.tributary.shaded.thrift.meta_data.FieldMetaData;
import io.tributary.shaded.thrift.meta_data.FieldValueMetaData;
import io.tributary.shaded.thrift.meta_data.ListMetaData;
import io.tributary.shaded.thrift.meta_data.MapMetaData;
import io.tributary.shaded.thrift.meta_data.SetMetaData;
import io.tributary.shaded.thrift.meta_data.StructMetaData;
import io.tributary.shaded.thrift.protocol.TCompactProtocol;
import io.tributary.shaded.thrift.protocol.TType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline we measure against: Thrift bytes to a Spark {@code InternalRow} the way airbnb-spark-thrift's
 * converter does it. Per record: {@code TDeserializer} into a fresh Thrift object, then, per row, a walk of
 * {@code FieldMetaData.getStructMetaDataMap(class)} calling {@code isSet}/{@code getFieldValue} by field id, nested
 * structs to {@link Row}s ({@link RowFactory#create}), lists and sets to Scala {@code Seq}s, maps to Scala
 * {@code Map}s, enums to their names, binary to {@code byte[]}; then Spark's {@link ExpressionEncoder} for the
 * schema turns the external {@link Row} into an {@code UnsafeRow}.
 *
 * <p>External types: Spark 3.5's {@code RowEncoder} wants a {@code scala.collection.Seq} (or a Java array) for
 * {@code ArrayType} and a {@code scala.collection.Map} for {@code MapType}; it rejects {@code java.util.List}
 * (ClassCastException to Seq) and {@code java.util.Map} ("not a valid external type"), checked by running it. So
 * lists and sets become Scala {@code Buffer}s and maps Scala {@code mutable.Map}s (wrappers, no copy).
 *
 * <p>Unlike the original it is correct on this IDL (unset optionals are null, binary stays byte exact, i8,
 * unions and nested containers work), so it produces the same rows as our decoder and the comparison is fair.
 * Fields are placed by name in the given schema (as airbnb's {@code sparkSchema(fieldName)} does), so it follows
 * whatever order and container representation {@code ThriftSchema} chooses. Not thread-safe.
 */
public class ReflectiveThriftConverter {
    private final Constructor<? extends TBase<?, ?>> constructor;
    private final StructType schema;
    private final TDeserializer deserializer;
    private final ExpressionEncoder.Serializer<Row> serializer;

    public ReflectiveThriftConverter(Class<? extends TBase<?, ?>> thriftClass, StructType schema) {
        try {
            this.constructor = thriftClass.getConstructor();
            this.deserializer = new TDeserializer(new TCompactProtocol.Factory());
        } catch (ReflectiveOperationException | TException e) {
            throw new IllegalArgumentException("cannot set up a converter for " + thriftClass.getName(), e);
        }
        this.schema = schema;
        this.serializer = encoderFor(schema).createSerializer();
    }

    /** Spark 3.5's encoder for external {@link Row}s of {@code schema}. */
    public static ExpressionEncoder<Row> encoderFor(StructType schema) {
        return ExpressionEncoder.apply(RowEncoder.encoderFor(schema));
    }

    public StructType schema() {
        return schema;
    }

    /** Compact bytes to an {@code UnsafeRow}; the returned row is reused by the next call. */
    public InternalRow decode(byte[] bytes) throws TException {
        return serializer.apply(toRow(deserialize(bytes)));
    }

    /** A Thrift object to an {@code UnsafeRow} (reused by the next call). */
    public InternalRow encode(TBase<?, ?> object) {
        return serializer.apply(toRow(object));
    }

    public TBase<?, ?> deserialize(byte[] bytes) throws TException {
        TBase<?, ?> object;
        try {
            object = constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        deserializer.deserialize(object, bytes);
        return object;
    }

    /** The external {@link Row} of a Thrift object, by reflection over its field metadata. */
    public Row toRow(TBase<?, ?> object) {
        return convertStruct(object, schema);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Row convertStruct(TBase object, StructType structType) {
        Map<? extends TFieldIdEnum, FieldMetaData> fields =
            FieldMetaData.getStructMetaDataMap((Class) object.getClass());
        Object[] values = new Object[structType.size()];
        for (Map.Entry<? extends TFieldIdEnum, FieldMetaData> entry : fields.entrySet()) {
            TFieldIdEnum field = entry.getKey();
            FieldMetaData meta = entry.getValue();
            int index = structType.fieldIndex(meta.fieldName);
            if (object.isSet(field)) {
                values[index] = convert(object.getFieldValue(field), meta.valueMetaData,
                    structType.fields()[index].dataType());
            }
        }
        return RowFactory.create(values);
    }

    @SuppressWarnings("rawtypes")
    private static Object convert(Object value, FieldValueMetaData meta, DataType type) {
        if (value == null) {
            return null;
        }
        if (meta.isBinary() || value instanceof ByteBuffer) {
            return toBytes(value);
        }
        switch (meta.type) {
            case TType.STRUCT:
                return convertStruct((TBase) value, (StructType) type);
            case TType.LIST:
                return convertCollection((Collection<?>) value, ((ListMetaData) meta).elemMetaData,
                    ((ArrayType) type).elementType());
            case TType.SET:
                return convertCollection((Collection<?>) value, ((SetMetaData) meta).elemMetaData,
                    ((ArrayType) type).elementType());
            case TType.MAP: {
                MapMetaData mapMeta = (MapMetaData) meta;
                MapType mapType = (MapType) type;
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put(convert(e.getKey(), mapMeta.keyMetaData, mapType.keyType()),
                        convert(e.getValue(), mapMeta.valueMetaData, mapType.valueType()));
                }
                return JavaConverters.mapAsScalaMapConverter(out).asScala();
            }
            case TType.ENUM:
                if (DataTypes.StringType.equals(type)) {
                    return ((Enum<?>) value).name();
                }
                return ((TEnum) value).getValue();
            default:
                return value; // Boolean, Byte, Short, Integer, Long, Double, String: already Spark's external types
        }
    }

    private static Object convertCollection(Collection<?> values, FieldValueMetaData elemMeta, DataType elemType) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(convert(v, elemMeta, elemType));
        }
        return JavaConverters.asScalaBufferConverter(out).asScala();
    }

    private static byte[] toBytes(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
