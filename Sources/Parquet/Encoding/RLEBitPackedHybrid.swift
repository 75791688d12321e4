/// Decodes Parquet's RLE/bit-packed hybrid encoding (levels, dictionary indices, RLE booleans).
///
/// The data is a sequence of runs, each introduced by a ULEB128 header: an even header `2n`
/// starts a run of `n` copies of one value stored in `ceil(bitWidth / 8)` little-endian bytes; an
/// odd header `2g + 1` starts `g` groups of 8 values bit-packed LSB-first at `bitWidth` bits each.
/// Counts come from the file, so nothing is allocated from them: values are produced only as the
/// caller asks for them, and a run that claims more bytes than remain yields only what is there.
struct RLEBitPackedHybridDecoder {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    private let bitWidth: Int
    private let mask: UInt64
    /// Values left in the current RLE run.
    private var repeatCount = 0
    private var repeatValue: UInt32 = 0
    /// Values left in the current bit-packed run, and the bit where the next one starts.
    private var packedCount = 0
    private var packedBit = 0

    /// A decoder of `bytes` with values of `bitWidth` bits.
    ///
    /// - Throws: ``ParquetError`` when `bitWidth` is above 32.
    init(_ bytes: ArraySlice<UInt8>, bitWidth: Int) throws(ParquetError) {
        guard bitWidth >= 0, bitWidth <= 32 else { throw ParquetError.malformed("RLE/bit-packed bit width \(bitWidth) is above 32") }
        self.bytes = bytes
        position = bytes.startIndex
        self.bitWidth = bitWidth
        mask = (UInt64(1) << UInt64(bitWidth)) - 1
    }

    /// Appends the next `count` values to `output` (truncated to `T`; callers check the range).
    ///
    /// - Throws: ``ParquetError`` when the runs end before `count` values.
    /// - Complexity: O(`count`).
    mutating func decode<T: FixedWidthInteger>(count: Int, into output: inout [T]) throws(ParquetError) {
        var needed = count
        while needed > 0 {
            if repeatCount > 0 {
                let take = min(repeatCount, needed)
                output.append(contentsOf: repeatElement(T(truncatingIfNeeded: repeatValue), count: take))
                repeatCount -= take
                needed -= take
            } else if packedCount > 0 {
                let take = min(packedCount, needed)
                unpack(take, into: &output)
                packedCount -= take
                needed -= take
            } else {
                try readRunHeader(stillNeeded: needed)
            }
        }
    }

    private mutating func readRunHeader(stillNeeded: Int) throws(ParquetError) {
        guard position < bytes.endIndex else {
            throw ParquetError.malformed("RLE/bit-packed data ends with \(stillNeeded) values still expected")
        }
        var header: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex, shift < 64 else { throw ParquetError.malformed("RLE/bit-packed run header is cut off or too long") }
            let byte = bytes[position]
            position += 1
            header |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        let runLength = header >> 1
        if header & 1 == 0 {
            let width = (bitWidth + 7) / 8
            guard width <= bytes.endIndex - position else { throw ParquetError.malformed("RLE run value is cut off") }
            var value: UInt32 = 0
            for offset in 0 ..< width { value |= UInt32(bytes[position + offset]) << UInt32(8 * offset) }
            position += width
            repeatValue = value
            repeatCount = runLength > UInt64(Int.max) ? Int.max : Int(runLength)
        } else {
            // g groups of 8 values, g * bitWidth bytes; a final run may be cut short by the writer.
            let (values, valuesOverflow) = runLength.multipliedReportingOverflow(by: 8)
            let (length, lengthOverflow) = runLength.multipliedReportingOverflow(by: UInt64(bitWidth))
            let available = bytes.endIndex - position
            let usable = lengthOverflow || length > UInt64(available) ? available : Int(length)
            let fitting = bitWidth == 0 ? Int.max : usable * 8 / bitWidth
            let claimed = valuesOverflow || values > UInt64(Int.max) ? Int.max : Int(values)
            packedCount = min(claimed, fitting)
            packedBit = position * 8 - bytes.startIndex * 8
            position += usable
        }
    }

    private mutating func unpack<T: FixedWidthInteger>(_ count: Int, into output: inout [T]) {
        guard bitWidth > 0 else {
            output.append(contentsOf: repeatElement(0, count: count))
            return
        }
        let base = bytes.startIndex
        for _ in 0 ..< count {
            let byteIndex = base + packedBit >> 3
            let shift = UInt64(packedBit & 7)
            let span = (Int(shift) + bitWidth + 7) >> 3
            var word: UInt64 = 0
            for offset in 0 ..< span { word |= UInt64(bytes[byteIndex + offset]) << UInt64(8 * offset) }
            output.append(T(truncatingIfNeeded: (word >> shift) & mask))
            packedBit += bitWidth
        }
    }
}

/// Encodes values with the RLE/bit-packed hybrid: runs of 8 or more equal values as RLE runs,
/// everything else bit-packed in groups of 8.
enum RLEBitPackedHybridEncoder {
    /// The bits needed for values up to `maximum` (0 for 0).
    static func bitWidth(forMaximum maximum: UInt32) -> Int { maximum == 0 ? 0 : UInt32.bitWidth - maximum.leadingZeroBitCount }

    /// Appends the encoding of `values` at `bitWidth` bits to `output`.
    ///
    /// - Complexity: O(n).
    static func encode(_ values: [UInt32], bitWidth: Int, into output: inout [UInt8]) {
        var index = 0
        while index < values.count {
            let run = runLength(values, at: index)
            if run >= 8 {
                writeVarint(UInt64(run) << 1, into: &output)
                let value = values[index]
                for byte in 0 ..< (bitWidth + 7) / 8 { output.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * byte))) }
                index += run
                continue
            }
            // Bit-pack until a run of 8 starts, then round up to whole groups of 8 (taking values
            // from that run), padding with zeros only at the very end.
            var end = index + run
            while end < values.count, runLength(values, at: end) < 8 { end += runLength(values, at: end) }
            let groups = (end - index + 7) / 8
            let take = min(groups * 8, values.count - index)
            writeVarint(UInt64(groups) << 1 | 1, into: &output)
            pack(values[index ..< index + take], groups: groups, bitWidth: bitWidth, into: &output)
            index += take
        }
    }

    private static func runLength(_ values: [UInt32], at start: Int) -> Int {
        var end = start + 1
        while end < values.count, values[end] == values[start] { end += 1 }
        return end - start
    }

    private static func pack(_ values: ArraySlice<UInt32>, groups: Int, bitWidth: Int, into output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: groups * bitWidth))
        var bit = 0
        for value in values {
            var remaining = UInt64(value)
            var position = bit
            var left = bitWidth
            while left > 0 {
                let shift = position & 7
                output[start + position >> 3] |= UInt8(truncatingIfNeeded: remaining << UInt64(shift))
                let written = min(8 - shift, left)
                remaining >>= UInt64(written)
                position += written
                left -= written
            }
            bit += bitWidth
        }
    }

    private static func writeVarint(_ value: UInt64, into output: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }
}
