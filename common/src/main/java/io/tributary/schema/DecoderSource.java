package io.tributary.schema;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Java source of a decoder class for one decoding plan (a {@link ValueWriter.StructWriter} tree) and one
 * protocol: a method per struct and container of the plan, each field's read and write inline under a
 * {@code switch} on its id, the reader's concrete class known, slots and masks as constants.
 *
 * <p>Why generate what the plan already does: the plan walks its nodes through one recursive {@code switch} shared
 * by every field of every struct, so it can only ask "which field is this?" of each header it reads. Code made for
 * one class knows the order its fields come in, and in the compact protocol takes each one by comparing the next
 * byte with the header it expects ({@link #inOrderFields}); that, not the removed dispatch (which alone measured
 * the same as the plan), is what made decoding 1.2x faster. The generated code does exactly what the plan does
 * (same reads, same checks in the same order, same bytes written, same messages): the plan stays the reference,
 * and the tests run every case through both.
 *
 * <p>The source is plain Java as Janino compiles it (no lambdas, no switch expressions, no generics).
 */
final class DecoderSource {
  /** The decoder's source and the objects its constructor takes, in order ({@code constants[i]} is {@code c<i>}). */
  record Source(String simpleName, String text, Object[] constants) {}

  private final String readerClass;
  private final boolean compact;
  private final StringBuilder members = new StringBuilder();
  private final List<Object> constants = new ArrayList<>();
  private final StringBuilder constructor = new StringBuilder();
  private int nextMethod;
  /** Each node's method or constant, made once: the in-order path and the general loop share them. */
  private final Map<Object, String> names = new IdentityHashMap<>();

  private DecoderSource(WireProtocol protocol) {
    this.compact = protocol == WireProtocol.COMPACT;
    this.readerClass = compact ? "CompactWireReader" : "BinaryWireReader";
  }

  static Source generate(ValueWriter.StructWriter plan, WireProtocol protocol, String simpleName) {
    DecoderSource source = new DecoderSource(protocol);
    String root = source.method(plan);
    StringBuilder text = new StringBuilder();
    text.append("package ").append(DecoderSource.class.getPackageName()).append(";\n\n")
        .append("final class ").append(simpleName).append(" implements StructDecoder {\n")
        .append(source.members)
        .append("  public ").append(simpleName).append("(Object[] constants) {\n")
        .append(source.constructor)
        .append("  }\n\n")
        .append("  public int decode(WireReader reader, UnsafeRowBuffer out) throws DecodeException {\n")
        .append("    return ").append(root).append("((").append(source.readerClass).append(") reader, out);\n")
        .append("  }\n")
        .append("}\n");
    return new Source(simpleName, text.toString(), source.constants.toArray());
  }

  /** True when every struct of the plan fits the generated code's 64-bit presence mask. */
  static boolean supports(ValueWriter node) {
    if (node instanceof ValueWriter.StructWriter struct) {
      if (struct.fields.length > 64) {
        return false;
      }
      for (ValueWriter field : struct.fields) {
        if (!supports(field)) {
          return false;
        }
      }
      return true;
    }
    if (node instanceof ValueWriter.ListWriter list) {
      return supports(list.element);
    }
    if (node instanceof ValueWriter.MapWriter map) {
      return supports(map.key) && supports(map.value);
    }
    return true;
  }

  /** A field of the generated class holding {@code value}, set from the constructor's array. */
  private String constant(Object value, String type) {
    String known = names.get(value);
    if (known != null) {
      return known;
    }
    String name = "c" + constants.size();
    names.put(value, name);
    constants.add(value);
    members.append("  private final ").append(type).append(' ').append(name).append(";\n");
    constructor.append("    this.").append(name).append(" = (").append(type).append(") constants[")
        .append(constants.size() - 1).append("];\n");
    return name;
  }

  private String newMethodName(String prefix) {
    return prefix + nextMethod++;
  }

  /** Emits {@code int structN(reader, out)}, which appends the struct and returns its start; returns its name. */
  private String struct(ValueWriter.StructWriter plan) {
    String name = newMethodName("struct");
    StringBuilder m = new StringBuilder();
    m.append("  private int ").append(name).append('(').append(readerClass)
        .append(" in, UnsafeRowBuffer out) throws DecodeException {\n")
        .append("    int start = out.beginStruct(").append(plan.nullBitsBytes).append(", ").append(plan.fixedBytes)
        .append(");\n")
        .append("    int slots = start + ").append(plan.nullBitsBytes).append(";\n")
        .append("    in.structBegin();\n")
        .append("    long seen = 0L;\n");
    if (compact) {
      m.append(inOrderFields(plan))
          .append("    boolean more = in.readFieldHeader(header, last);\n");
    } else {
      m.append("    boolean more = in.readFieldHeader();\n");
    }
    m.append("    while (more) {\n")
        .append("      switch (in.fieldId) {\n");
    for (int ordinal = 0; ordinal < plan.fields.length; ordinal++) {
      ValueWriter field = plan.fields[ordinal];
      short id = plan.type.fields().get(ordinal).id();
      if (id < 0) {
        continue; // as in the plan: a negative id never matches, the field stays absent
      }
      m.append("        case ").append(id).append(": {\n")
          .append("          if (in.fieldType != ").append(field.wireType).append(") {\n")
          .append("            ValueWriter.expectType(in.fieldType, (byte) ").append(field.wireType).append(", ")
          .append(literal(field.path)).append(");\n")
          .append("          }\n")
          .append(indent(value(field, "slots + " + (8 * ordinal), "start", true), "          "))
          .append("          seen |= ").append(hex(1L << ordinal)).append(";\n")
          .append("          break;\n")
          .append("        }\n");
    }
    m.append("        default:\n")
        .append("          in.skip(in.fieldType); // a field from a newer writer: not ours to judge\n")
        .append("      }\n")
        .append("      more = in.readFieldHeader();\n")
        .append("    }\n")
        .append("    in.structEnd();\n")
        .append(absentFields(plan))
        .append("    return start;\n")
        .append("  }\n\n");
    members.append(m);
    return name;
  }

  /**
   * Compact protocol: writers send a struct's fields in declaration order, each header one byte (the id's delta
   * from the previous field, and the type). So each declared field in turn is taken when the next byte is exactly
   * the header it would have; the first byte that is not (a field out of order, unknown, or with a long header)
   * goes to the general loop, which continues from it. Both read the same bytes and write the same values.
   */
  private String inOrderFields(ValueWriter.StructWriter plan) {
    StringBuilder m = new StringBuilder();
    m.append("    int last = 0;\n")
        .append("    byte header = in.readByte();\n");
    for (int ordinal = 0; ordinal < plan.fields.length; ordinal++) {
      ValueWriter field = plan.fields[ordinal];
      short id = plan.type.fields().get(ordinal).id();
      if (id <= 0) {
        continue; // a one-byte header has a positive delta from the previous id, which starts at 0
      }
      // (header & 0xff) is 1..255; the expected value is outside that range unless the delta is 1..15.
      String delta = "((" + id + " - last) << 4)";
      int type = CompactWireReader.compactTypeOf(field.wireType);
      String slot = "slots + " + (8 * ordinal);
      if (field.kind == ValueWriter.BOOL) {
        // A boolean field's value is its header's type code: 1 for true, 2 for false.
        m.append("    if ((header & 0xff) == (").append(delta).append(" | 1) || (header & 0xff) == (").append(delta)
            .append(" | 2)) {\n")
            .append("      out.putLong(").append(slot).append(", (header & 0x0f) == 1 ? 1L : 0L);\n");
      } else {
        m.append("    if ((header & 0xff) == (").append(delta).append(" | ").append(type).append(")) {\n")
            .append(indent(value(field, slot, "start", true), "      "));
      }
      m.append("      seen |= ").append(hex(1L << ordinal)).append(";\n")
          .append("      last = ").append(id).append(";\n")
          .append("      header = in.readByte();\n")
          .append("    }\n");
    }
    return m.toString();
  }

  /** Nulls (and zero slots) for the fields not seen; refuses missing required fields and unions not of one. */
  private String absentFields(ValueWriter.StructWriter plan) {
    StringBuilder m = new StringBuilder();
    m.append("    long missing = ").append(hex(plan.allMask)).append(" & ~seen;\n");
    if (plan.requiredMask != 0) {
      String[] paths = new String[plan.fields.length];
      for (int ordinal = 0; ordinal < paths.length; ordinal++) {
        paths[ordinal] = plan.fields[ordinal].path;
      }
      m.append("    if ((missing & ").append(hex(plan.requiredMask)).append(") != 0L) {\n")
          .append("      throw ValueWriter.missingRequired(").append(constant(paths, "String[]"))
          .append("[Long.numberOfTrailingZeros(missing & ").append(hex(plan.requiredMask)).append(")], ")
          .append(literal(plan.type.name())).append(");\n")
          .append("    }\n");
    }
    m.append("    while (missing != 0L) {\n")
        .append("      int absent = Long.numberOfTrailingZeros(missing);\n")
        .append("      out.setNull(start, absent);\n")
        .append("      out.putLong(slots + 8 * absent, 0L); // Spark compares rows byte for byte: a null's slot is zero\n")
        .append("      missing &= missing - 1L;\n")
        .append("    }\n");
    if (plan.type.isUnion()) {
      m.append("    if (Long.bitCount(seen) != 1) {\n")
          .append("      throw ValueWriter.invalidUnion(")
          .append(literal(plan.path.isEmpty() ? plan.type.name() : plan.path)).append(", Long.bitCount(seen));\n")
          .append("    }\n");
    }
    return m.toString();
  }

  /**
   * Statements that read one value of {@code node}'s type and write it into {@code slot}, variable-length data
   * relative to {@code base}. A struct slot is written whole (narrow values zero-extended), an array element at
   * its own width, exactly as the plan does.
   */
  private String value(ValueWriter node, String slot, String base, boolean structSlot) {
    return switch (node.kind) {
      case ValueWriter.BOOL -> structSlot
          ? "out.putLong(" + slot + ", in.readBool() ? 1L : 0L);\n"
          : "out.putBoolean(" + slot + ", in.readBool());\n";
      case ValueWriter.BYTE -> structSlot
          ? "out.putLong(" + slot + ", in.readByte() & 0xffL);\n"
          : "out.putByte(" + slot + ", in.readByte());\n";
      case ValueWriter.I16 -> structSlot
          ? "out.putLong(" + slot + ", in.readI16() & 0xffffL);\n"
          : "out.putShort(" + slot + ", in.readI16());\n";
      case ValueWriter.I32 -> structSlot
          ? "out.putLong(" + slot + ", in.readI32() & 0xffffffffL);\n"
          : "out.putInt(" + slot + ", in.readI32());\n";
      case ValueWriter.I64 -> "out.putLong(" + slot + ", in.readI64());\n";
      case ValueWriter.DOUBLE -> "out.putDouble(" + slot + ", in.readDouble());\n";
      case ValueWriter.BYTES -> "{\n"
          + "  int length = in.readBinaryLength();\n"
          + "  int at = out.appendBytes(in.buffer(), in.position(), length);\n"
          + "  in.skipBytes(length);\n"
          + "  out.setOffsetAndSize(" + slot + ", " + base + ", at, length);\n"
          + "}\n";
      case ValueWriter.ENUM -> "{\n"
          + "  byte[] name = " + constant(node, "ValueWriter.EnumWriter") + ".nameOf(in.readI32());\n"
          + "  out.setOffsetAndSize(" + slot + ", " + base + ", out.appendBytes(name, 0, name.length), name.length);\n"
          + "}\n";
      case ValueWriter.LIST -> method(node) + "(in, out, " + slot + ", " + base + ");\n";
      case ValueWriter.MAP -> method(node) + "(in, out, " + slot + ", " + base + ");\n";
      default -> "{\n"
          + "  int struct = " + method(node) + "(in, out);\n"
          + "  out.setOffsetAndSize(" + slot + ", " + base + ", struct, out.cursor() - struct);\n"
          + "}\n";
    };
  }

  /** The method decoding a struct, list or map node, emitted on first use. */
  private String method(ValueWriter node) {
    String known = names.get(node);
    if (known != null) {
      return known;
    }
    String name = switch (node.kind) {
      case ValueWriter.LIST -> list((ValueWriter.ListWriter) node);
      case ValueWriter.MAP -> map((ValueWriter.MapWriter) node);
      default -> struct((ValueWriter.StructWriter) node);
    };
    names.put(node, name);
    return name;
  }

  /** Emits {@code void listN(reader, out, slot, base)}; returns its name. */
  private String list(ValueWriter.ListWriter plan) {
    String name = newMethodName("list");
    ValueWriter element = plan.element;
    int width = element.elementSize;
    String body = "  private void " + name + "(" + readerClass + " in, UnsafeRowBuffer out, int slot, int base)"
        + " throws DecodeException {\n"
        + "    in.enter();\n"
        + "    int size = in.readListHeader();\n"
        + "    if (size > 0) {\n"
        + "      ValueWriter.expectType(in.elementType, (byte) " + element.wireType + ", " + literal(element.path) + ");\n"
        + "    }\n"
        + "    int start = out.beginArray(size, " + width + ");\n"
        + "    int first = UnsafeRowBuffer.elementSlot(start, size, " + width + ", 0);\n"
        + "    for (int i = 0; i < size; i++) {\n"
        + indent(value(element, "first + " + width + " * i", "start", false), "      ")
        + "    }\n"
        + "    out.setOffsetAndSize(slot, base, start, out.cursor() - start);\n"
        + "    in.leave();\n"
        + "  }\n\n";
    members.append(body);
    return name;
  }

  /**
   * Emits {@code void mapN(reader, out, slot, base)}; returns its name. Spark stores all keys, then all values;
   * Thrift interleaves them. Fixed-width values are held through the key pass; others are found again by seeking
   * back to where each started, as the plan's {@link ValueWriter.MapWriter} does.
   */
  private String map(ValueWriter.MapWriter plan) {
    String name = newMethodName("map");
    ValueWriter key = plan.key;
    ValueWriter value = plan.value;
    boolean held = value.kind <= ValueWriter.DOUBLE;
    String scratch = name + (held ? "Held" : "Starts");
    String scratchType = value.kind == ValueWriter.DOUBLE ? "double" : held ? "long" : "int";
    members.append("  private ").append(scratchType).append("[] ").append(scratch).append(" = new ")
        .append(scratchType).append("[16];\n");
    StringBuilder m = new StringBuilder();
    m.append("  private void ").append(name).append('(').append(readerClass)
        .append(" in, UnsafeRowBuffer out, int slot, int base) throws DecodeException {\n")
        .append("    in.enter();\n")
        .append("    int size = in.readMapHeader();\n")
        .append("    if (size > 0) {\n")
        .append("      ValueWriter.expectType(in.keyType, (byte) ").append(key.wireType).append(", ")
        .append(literal(key.path)).append(");\n")
        .append("      ValueWriter.expectType(in.valueType, (byte) ").append(value.wireType).append(", ")
        .append(literal(value.path)).append(");\n")
        .append("    }\n")
        .append("    if (").append(scratch).append(".length < size) {\n")
        .append("      ").append(scratch).append(" = new ").append(scratchType).append("[Math.max(size, ")
        .append(scratch).append(".length * 2)];\n")
        .append("    }\n")
        .append("    ").append(scratchType).append("[] scratch = ").append(scratch).append(";\n")
        .append("    int mapStart = out.beginMap();\n")
        .append("    int keysStart = out.beginArray(size, ").append(key.elementSize).append(");\n")
        .append("    int firstKey = UnsafeRowBuffer.elementSlot(keysStart, size, ").append(key.elementSize)
        .append(", 0);\n")
        .append("    for (int i = 0; i < size; i++) {\n")
        .append(indent(value(key, "firstKey + " + key.elementSize + " * i", "keysStart", false), "      "))
        .append(held ? "      scratch[i] = " + heldRead(value) + ";\n"
            : "      scratch[i] = in.position();\n      in.skip((byte) " + value.wireType + ");\n")
        .append("    }\n")
        .append("    out.endMapKeys(mapStart);\n");
    if (!held) {
      m.append("    int end = in.position();\n");
    }
    m.append("    int valuesStart = out.beginArray(size, ").append(value.elementSize).append(");\n")
        .append("    int firstValue = UnsafeRowBuffer.elementSlot(valuesStart, size, ").append(value.elementSize)
        .append(", 0);\n")
        .append("    for (int i = 0; i < size; i++) {\n");
    String valueSlot = "firstValue + " + value.elementSize + " * i";
    if (held) {
      m.append("      ").append(heldWrite(value, valueSlot, "scratch[i]"));
    } else {
      m.append("      in.seek(scratch[i]);\n")
          .append(indent(value(value, valueSlot, "valuesStart", false), "      "));
    }
    m.append("    }\n");
    if (!held) {
      m.append("    in.seek(end);\n");
    }
    m.append("    out.setOffsetAndSize(slot, base, mapStart, out.cursor() - mapStart);\n")
        .append("    in.leave();\n")
        .append("  }\n\n");
    members.append(m);
    return name;
  }

  /** Reads a fixed-width map value to hold: the same reads as decoding it in place. */
  private static String heldRead(ValueWriter value) {
    return switch (value.kind) {
      case ValueWriter.BOOL -> "in.readBool() ? 1L : 0L";
      case ValueWriter.BYTE -> "in.readByte()";
      case ValueWriter.I16 -> "in.readI16()";
      case ValueWriter.I32 -> "in.readI32()";
      case ValueWriter.I64 -> "in.readI64()";
      default -> "in.readDouble()";
    };
  }

  private static String heldWrite(ValueWriter value, String slot, String held) {
    return switch (value.kind) {
      case ValueWriter.BOOL -> "out.putBoolean(" + slot + ", " + held + " != 0L);\n";
      case ValueWriter.BYTE -> "out.putByte(" + slot + ", (byte) " + held + ");\n";
      case ValueWriter.I16 -> "out.putShort(" + slot + ", (short) " + held + ");\n";
      case ValueWriter.I32 -> "out.putInt(" + slot + ", (int) " + held + ");\n";
      case ValueWriter.I64 -> "out.putLong(" + slot + ", " + held + ");\n";
      default -> "out.putDouble(" + slot + ", " + held + ");\n";
    };
  }

  private static String hex(long bits) {
    return "0x" + Long.toHexString(bits) + "L";
  }

  private static String indent(String statements, String prefix) {
    StringBuilder b = new StringBuilder();
    for (String line : statements.split("\n")) {
      b.append(prefix).append(line).append('\n');
    }
    return b.toString();
  }

  /** A Java string literal; paths are Thrift field names, but escaping costs nothing. */
  static String literal(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
