/// Reads the Thrift compact protocol from a byte range, checking every length and count against
/// the bytes that remain, and skipping fields it does not know (nested structs, lists and maps
/// included), so files from newer writers still read.
///
/// Nesting is capped at ``maxDepth`` so a crafted footer cannot exhaust the stack.
struct CompactReader {
    /// The deepest nesting of structs and containers accepted (Parquet's own structs nest 6 deep).
    static let maxDepth = 64

    private let bytes: ArraySlice<UInt8>
    /// The offset of the next byte to read (an index of the underlying buffer).
    private(set) var position: Int
    private var depth = 0

    /// A reader of `bytes`, from its start.
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.endIndex - position }

    // MARK: Scalars

    mutating func readByte() throws(ParquetError) -> UInt8 {
        guard position < bytes.endIndex else { throw ParquetError.malformed("Thrift data ends early at byte \(position)") }
        let byte = bytes[position]
        position += 1
        return byte
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func readVarint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64, shift != 63 || byte & 0x7E == 0 else { throw ParquetError.malformed("Thrift varint longer than 64 bits at byte \(position)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private static func zigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))) }

    mutating func readI64() throws(ParquetError) -> Int64 { Self.zigzag(try readVarint()) }

    mutating func readI32() throws(ParquetError) -> Int32 {
        let raw = try readVarint()
        guard raw <= UInt64(UInt32.max) else { throw ParquetError.malformed("Thrift i32 out of range at byte \(position)") }
        return Int32(truncatingIfNeeded: Self.zigzag(raw))
    }

    mutating func readI16() throws(ParquetError) -> Int16 {
        let raw = try readVarint()
        guard raw <= UInt64(UInt16.max) else { throw ParquetError.malformed("Thrift i16 out of range at byte \(position)") }
        return Int16(truncatingIfNeeded: Self.zigzag(raw))
    }

    /// A one-byte integer (Thrift `byte`/`i8`).
    mutating func readI8() throws(ParquetError) -> Int8 { Int8(bitPattern: try readByte()) }

    mutating func readDouble() throws(ParquetError) -> Double {
        let raw = try take(8)
        var bits: UInt64 = 0
        for (shift, byte) in zip(stride(from: 0, to: 64, by: 8), raw) { bits |= UInt64(byte) << UInt64(shift) }
        return Double(bitPattern: bits)
    }

    /// A length-prefixed byte string (a view into the reader's buffer).
    mutating func readBinary() throws(ParquetError) -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw ParquetError.malformed("Thrift binary of \(length) bytes runs past the end at byte \(position)") }
        return try take(Int(length))
    }

    /// A length-prefixed string; invalid UTF-8 is repaired with U+FFFD (names and notes, never values).
    mutating func readString() throws(ParquetError) -> String { String(decoding: try readBinary(), as: UTF8.self) }

    private mutating func take(_ count: Int) throws(ParquetError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw ParquetError.malformed("Thrift data ends early at byte \(position)") }
        let slice = bytes[position ..< position + count]
        position += count
        return slice
    }

    // MARK: Structs and containers

    /// The state of one struct being read: the last field id, for delta-encoded headers.
    struct StructScope {
        fileprivate var lastID: Int16 = 0
    }

    /// Starts reading a struct (counts its depth).
    mutating func beginStruct() throws(ParquetError) -> StructScope {
        try enter()
        return StructScope()
    }

    /// The next field of the struct, or nil at its end (which also closes the scope).
    mutating func nextField(in scope: inout StructScope) throws(ParquetError) -> FieldHeader? {
        let byte = try readByte()
        if byte == 0 {
            depth -= 1
            return nil
        }
        guard let type = CompactType(rawValue: byte & 0x0F), type != .stop else {
            throw ParquetError.malformed("Thrift field type \(byte & 0x0F) is unknown at byte \(position - 1)")
        }
        let delta = Int16(byte >> 4)
        let id: Int16
        if delta == 0 {
            id = try readI16()
        } else {
            let (sum, overflow) = scope.lastID.addingReportingOverflow(delta)
            guard !overflow else { throw ParquetError.malformed("Thrift field id overflows at byte \(position - 1)") }
            id = sum
        }
        scope.lastID = id
        return FieldHeader(id: id, type: type)
    }

    /// A list or set header: the element type and the element count (at most the bytes that remain).
    mutating func readListHeader() throws(ParquetError) -> (element: CompactType, count: Int) {
        let byte = try readByte()
        guard let element = CompactType(rawValue: byte & 0x0F), element != .stop else {
            throw ParquetError.malformed("Thrift list element type \(byte & 0x0F) is unknown at byte \(position - 1)")
        }
        var count = UInt64(byte >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else {
            throw ParquetError.malformed("Thrift list of \(count) elements cannot fit in the \(remaining) bytes left at byte \(position)")
        }
        return (element, Int(count))
    }

    /// Reads a list of `count` elements with `body`, counting the nesting depth.
    mutating func readList(_ body: (inout CompactReader, CompactType) throws(ParquetError) -> Void) throws(ParquetError) {
        let (element, count) = try readListHeader()
        try enter()
        for _ in 0 ..< count { try body(&self, element) }
        depth -= 1
    }

    /// Skips a value of `type` (a struct field's value when `inStruct`, else a container element).
    mutating func skip(_ type: CompactType, inStruct: Bool = true) throws(ParquetError) {
        switch type {
        case .boolTrue, .boolFalse:
            if !inStruct { _ = try readByte() }
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double: _ = try take(8)
        case .binary: _ = try readBinary()
        case .list, .set:
            try readList { (reader, element) throws(ParquetError) in try reader.skip(element, inStruct: false) }
        case .map:
            let count = try readVarint()
            guard count > 0 else { return }
            guard count <= UInt64(remaining) else { throw ParquetError.malformed("Thrift map of \(count) entries cannot fit at byte \(position)") }
            let types = try readByte()
            guard let key = CompactType(rawValue: types >> 4), let value = CompactType(rawValue: types & 0x0F), key != .stop, value != .stop else {
                throw ParquetError.malformed("Thrift map types \(types) are unknown at byte \(position - 1)")
            }
            try enter()
            for _ in 0 ..< count {
                try skip(key, inStruct: false)
                try skip(value, inStruct: false)
            }
            depth -= 1
        case .struct:
            var scope = try beginStruct()
            while let field = try nextField(in: &scope) { try skip(field.type) }
        case .stop:
            throw ParquetError.malformed("Thrift stop where a value was expected at byte \(position)")
        }
    }

    private mutating func enter() throws(ParquetError) {
        guard depth < Self.maxDepth else { throw ParquetError.malformed("Thrift data nests deeper than \(Self.maxDepth) levels") }
        depth += 1
    }
}
