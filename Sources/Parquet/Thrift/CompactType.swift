/// The type nibble of the Thrift compact protocol (field headers and container headers).
enum CompactType: UInt8, Sendable {
    case stop = 0
    case boolTrue = 1
    case boolFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case `struct` = 12
}

/// A struct field's header: its id and type (for booleans, the type is the value).
struct FieldHeader: Sendable {
    /// The field id of the IDL (`1: required i32 version`).
    let id: Int16
    /// The wire type.
    let type: CompactType
}
