/// Encodes values PLAIN: strings as a 4-byte little-endian length and their UTF-8 bytes,
/// integers and doubles as 8 little-endian bytes, booleans one bit each (LSB first).
enum PlainEncoder {
    /// Appends the PLAIN encoding of `values` (the non-null leaf values of a page) to `output`.
    ///
    /// - Complexity: O(n) in the encoded size.
    static func encode(_ values: [ParquetValue], into output: inout [UInt8]) {
        var pendingBits: UInt8 = 0
        var pendingCount = 0
        for value in values {
            switch value {
            case let .string(text):
                output.appendLE(UInt32(truncatingIfNeeded: text.utf8.count))
                output.append(contentsOf: text.utf8)
            case let .int(number):
                output.appendLE(UInt64(bitPattern: number))
            case let .double(number):
                output.appendLE(number.bitPattern)
            case let .bool(flag):
                if flag { pendingBits |= 1 << UInt8(pendingCount) }
                pendingCount += 1
                if pendingCount == 8 {
                    output.append(pendingBits)
                    pendingBits = 0
                    pendingCount = 0
                }
            case .null, .list:
                // Nulls are carried by the definition levels and lists are flattened before encoding.
                continue
            }
        }
        if pendingCount > 0 { output.append(pendingBits) }
    }

    /// The PLAIN size of one leaf value, for page-size estimates (booleans count as one byte).
    static func estimatedSize(of value: ParquetValue) -> Int {
        switch value {
        case let .string(text): 4 + text.utf8.count
        case .int, .double: 8
        case .bool: 1
        case .null, .list: 0
        }
    }
}
