// Shapes used by the tests of the schema-enforcement layer: every Thrift type once,
// and shapes it must refuse (recursion). Not published to Kafka.
namespace java io.tributary.events.fixtures

enum Color {
  RED = 1,
  GREEN = 2,
  BLUE = 3
}

struct Inner {
  1: required i32 id,
  2: optional string label
}

union Choice {
  1: string text,
  2: i64 number,
  3: Inner inner
}

struct AllTypes {
  1: required bool a_bool,
  2: required i8 a_byte,
  3: required i16 an_i16,
  4: required i32 an_i32,
  5: required i64 an_i64,
  6: required double a_double,
  7: required string a_string,
  8: required binary a_binary,
  9: optional bool opt_bool,
  10: optional i8 opt_byte,
  11: optional i16 opt_i16,
  12: optional i32 opt_i32,
  13: optional i64 opt_i64,
  14: optional double opt_double,
  15: optional string opt_string,
  16: optional binary opt_binary,
  17: optional Color color,
  18: optional Inner inner,
  19: optional list<Inner> inner_list,
  20: optional set<Color> color_set,
  21: optional map<string, double> string_to_double,
  22: optional map<i32, Inner> int_to_inner,
  23: optional Choice choice,
  24: optional list<list<i32>> nested_ints,
  25: optional map<string, list<Inner>> string_to_inner_list,
  26: optional set<string> string_set,
  27: optional list<binary> binaries,
  28: i32 default_requiredness
}

// A newer writer's version of Inner: the reader must skip the fields it does not know.
struct InnerV2 {
  1: required i32 id,
  2: optional string label,
  3: optional list<string> tags,
  4: optional AllTypes extra
}

struct TreeNode {
  1: required string name,
  2: optional list<TreeNode> children
}
