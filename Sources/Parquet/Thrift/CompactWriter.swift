/// Writes the Thrift compact protocol: delta-encoded field headers, zigzag varints, length-prefixed
/// binaries, list headers and nested structs.
struct CompactWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []
    private var lastID: Int16 = 0

    /// Writes a whole struct: `body` writes its fields, then the stop byte ends it.
    mutating func writeStruct(_ body: (inout CompactWriter) -> Void) {
        let outer = lastID
        lastID = 0
        body(&self)
        bytes.append(0)
        lastID = outer
    }

    // MARK: Fields

    mutating func write(_ id: Int16, i32 value: Int32) {
        writeFieldHeader(id, .i32)
        writeVarint(Self.zigzag(Int64(value)))
    }

    mutating func write(_ id: Int16, i64 value: Int64) {
        writeFieldHeader(id, .i64)
        writeVarint(Self.zigzag(value))
    }

    mutating func write(_ id: Int16, i16 value: Int16) {
        writeFieldHeader(id, .i16)
        writeVarint(Self.zigzag(Int64(value)))
    }

    mutating func write(_ id: Int16, i8 value: Int8) {
        writeFieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func write(_ id: Int16, bool value: Bool) {
        writeFieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func write(_ id: Int16, string value: String) {
        writeFieldHeader(id, .binary)
        writeBinary(value.utf8)
    }

    /// A struct-valued field; `body` writes the inner struct's fields.
    mutating func write(_ id: Int16, struct body: (inout CompactWriter) -> Void) {
        writeFieldHeader(id, .struct)
        writeStruct(body)
    }

    /// A list-of-i32 field.
    mutating func write(_ id: Int16, i32List values: [Int32]) {
        writeFieldHeader(id, .list)
        writeListHeader(.i32, count: values.count)
        for value in values { writeVarint(Self.zigzag(Int64(value))) }
    }

    /// A list-of-string field.
    mutating func write(_ id: Int16, stringList values: [String]) {
        writeFieldHeader(id, .list)
        writeListHeader(.binary, count: values.count)
        for value in values { writeBinary(value.utf8) }
    }

    /// A list-of-struct field; `element` writes one element's fields.
    mutating func write<Element>(_ id: Int16, structList values: [Element], element: (inout CompactWriter, Element) -> Void) {
        writeFieldHeader(id, .list)
        writeListHeader(.struct, count: values.count)
        for value in values { writeStruct { element(&$0, value) } }
    }

    // MARK: Encoding

    private mutating func writeFieldHeader(_ id: Int16, _ type: CompactType) {
        let delta = Int(id) - Int(lastID)
        if delta > 0, delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(Self.zigzag(Int64(id)))
        }
        lastID = id
    }

    private mutating func writeListHeader(_ element: CompactType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | element.rawValue)
        } else {
            bytes.append(0xF0 | element.rawValue)
            writeVarint(UInt64(count))
        }
    }

    private mutating func writeBinary(_ value: some Collection<UInt8>) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    private mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
}
