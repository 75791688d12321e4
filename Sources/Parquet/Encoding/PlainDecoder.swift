/// Decodes PLAIN-encoded values (data pages and dictionary pages) into ``ParquetValue``s.
///
/// PLAIN stores fixed-width numbers little-endian back to back, booleans one bit each (LSB
/// first), and byte arrays as a 4-byte little-endian length followed by the bytes.
enum PlainDecoder {
    /// Appends `count` values of `kind` read from the start of `bytes` to `output`.
    ///
    /// - Returns: The index just after the last value read.
    /// - Throws: ``ParquetError`` when the bytes end early, a string is not UTF-8, or an unsigned
    ///   64-bit value does not fit in `Int64`.
    /// - Complexity: O(`count`).
    static func decode(_ bytes: ArraySlice<UInt8>, count: Int, kind: ValueKind, into output: inout [ParquetValue]) throws(ParquetError) -> Int {
        var position = bytes.startIndex
        let available = bytes.count
        func requireFixed(_ width: Int) throws(ParquetError) {
            let (total, overflow) = count.multipliedReportingOverflow(by: width)
            guard !overflow, total <= available else {
                throw ParquetError.malformed("PLAIN data of \(available) bytes cannot hold \(count) values of \(width) bytes")
            }
            output.reserveCapacity(output.count + count)
        }
        switch kind {
        case .bool:
            guard count <= available * 8 else { throw ParquetError.malformed("PLAIN data of \(available) bytes cannot hold \(count) booleans") }
            output.reserveCapacity(output.count + count)
            for index in 0 ..< count { output.append(.bool(bytes[position + index >> 3] >> UInt8(index & 7) & 1 == 1)) }
            return position + (count + 7) / 8
        case .int32, .uint32, .float:
            try requireFixed(4)
            for _ in 0 ..< count {
                let raw = bytes.uint32LE(at: position)
                position += 4
                switch kind {
                case .int32: output.append(.int(Int64(Int32(bitPattern: raw))))
                case .uint32: output.append(.int(Int64(raw)))
                default: output.append(.double(Double(Float(bitPattern: raw))))
                }
            }
            return position
        case .int64, .uint64, .double:
            try requireFixed(8)
            for _ in 0 ..< count {
                let raw = bytes.uint64LE(at: position)
                position += 8
                switch kind {
                case .int64: output.append(.int(Int64(bitPattern: raw)))
                case .uint64:
                    guard raw <= UInt64(Int64.max) else { throw ParquetError.unsupported("UINT_64 value above Int64.max", "value \(raw)") }
                    output.append(.int(Int64(raw)))
                default: output.append(.double(Double(bitPattern: raw)))
                }
            }
            return position
        case .string, .byteArrayText:
            // Each value takes at least its 4-byte length, which bounds the reservation.
            guard count <= available / 4 else { throw ParquetError.malformed("PLAIN data of \(available) bytes cannot hold \(count) byte arrays") }
            output.reserveCapacity(output.count + count)
            for _ in 0 ..< count {
                output.append(.string(try readString(bytes, at: &position, kind: kind)))
            }
            return position
        }
    }

    /// Reads one length-prefixed UTF-8 string at `position`, advancing it.
    @inline(__always)
    static func readString(_ bytes: ArraySlice<UInt8>, at position: inout Int, kind: ValueKind) throws(ParquetError) -> String {
        guard bytes.endIndex - position >= 4 else { throw ParquetError.malformed("a PLAIN byte array length is cut off") }
        let length = Int(bytes.uint32LE(at: position))
        let start = position + 4
        guard length <= bytes.endIndex - start else {
            throw ParquetError.malformed("a PLAIN byte array of \(length) bytes runs past the page's end")
        }
        position = start + length
        guard let text = String(validating: bytes[start ..< start + length], as: UTF8.self) else {
            if kind == .string { throw ParquetError.malformed("a STRING value is not valid UTF-8") }
            throw ParquetError.unsupported("binary BYTE_ARRAY value (not UTF-8)")
        }
        return text
    }
}
