/// The `LogicalType` union of a schema element: which annotation is set (by its field id), and
/// for `INTEGER` the bit width and signedness. Other parameters (decimal scale, time units) are
/// not kept, since those types are not read.
struct LogicalType: Hashable, Sendable, CustomStringConvertible {
    /// The union's field id (`1` STRING, `3` LIST, `10` INTEGER, …).
    let id: Int16
    /// INTEGER: 8, 16, 32 or 64.
    var bitWidth: Int8 = 64
    /// INTEGER: whether the values are signed.
    var isSigned = true

    static let string = LogicalType(id: 1)
    static let map = LogicalType(id: 2)
    static let list = LogicalType(id: 3)
    static let enumeration = LogicalType(id: 4)
    static let unknown = LogicalType(id: 11)
    static let json = LogicalType(id: 12)

    /// An INTEGER annotation.
    static func integer(bitWidth: Int8, isSigned: Bool) -> LogicalType { LogicalType(id: 10, bitWidth: bitWidth, isSigned: isSigned) }

    /// Whether this is an INTEGER annotation.
    var isInteger: Bool { id == 10 }

    var description: String {
        let names: [Int16: String] = [1: "STRING", 2: "MAP", 3: "LIST", 4: "ENUM", 5: "DECIMAL", 6: "DATE", 7: "TIME", 8: "TIMESTAMP",
                                      10: "INTEGER", 11: "UNKNOWN", 12: "JSON", 13: "BSON", 14: "UUID", 15: "FLOAT16", 16: "VARIANT",
                                      17: "GEOMETRY", 18: "GEOGRAPHY", 19: "VECTOR"]
        return names[id] ?? "logical type \(id)"
    }

    /// Reads the union; nil when no member is set.
    static func decode(from reader: inout CompactReader) throws(ParquetError) -> LogicalType? {
        var result: LogicalType?
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            guard field.type == .struct else {
                try reader.skip(field.type)
                continue
            }
            if field.id == 10 {
                result = try decodeInteger(from: &reader)
            } else {
                try reader.skip(.struct)
                result = LogicalType(id: field.id)
            }
        }
        return result
    }

    private static func decodeInteger(from reader: inout CompactReader) throws(ParquetError) -> LogicalType {
        var bitWidth: Int8?
        var isSigned: Bool?
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .byte): bitWidth = try reader.readI8()
            case (2, .boolTrue): isSigned = true
            case (2, .boolFalse): isSigned = false
            default: try reader.skip(field.type)
            }
        }
        guard let bitWidth, let isSigned else { throw ParquetError.malformed("IntType without bitWidth or isSigned") }
        return .integer(bitWidth: bitWidth, isSigned: isSigned)
    }

    /// Writes the union's one member (an empty struct for annotations without parameters).
    func encodeMembers(to writer: inout CompactWriter) {
        writer.write(id) { inner in
            if isInteger {
                inner.write(1, i8: bitWidth)
                inner.write(2, bool: isSigned)
            }
        }
    }
}
