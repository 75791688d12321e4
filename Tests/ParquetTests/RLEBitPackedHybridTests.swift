import Testing
import TestSupport
@testable import Parquet

/// The RLE/bit-packed hybrid: the format's own example, round trips at every bit width, and
/// runs that claim more than the data holds.
@Suite struct RLEBitPackedHybridTests {
    @Test func decodesTheFormatsExample() throws {
        // Values 0…7 bit-packed at width 3: one group, header (1 << 1) | 1.
        let bytes: [UInt8] = [0x03, 0x88, 0xC6, 0xFA]
        var decoder = try RLEBitPackedHybridDecoder(bytes[...], bitWidth: 3)
        var values: [UInt32] = []
        try decoder.decode(count: 8, into: &values)
        #expect(values == Array(0 ... 7))
        // An RLE run of 5 copies of 0x0102 at width 9 (two value bytes).
        let run: [UInt8] = [0x0A, 0x02, 0x01]
        var runDecoder = try RLEBitPackedHybridDecoder(run[...], bitWidth: 9)
        var repeated: [UInt16] = []
        try runDecoder.decode(count: 5, into: &repeated)
        #expect(repeated == Array(repeating: 0x0102, count: 5))
    }

    @Test func roundTripsAtEveryWidth() throws {
        var random = SplitMix64(seed: 3)
        for width in 0 ... 32 {
            let maximum: UInt64 = width == 0 ? 0 : (UInt64(1) << UInt64(width)) - 1
            for _ in 0 ..< 5 {
                var values: [UInt32] = []
                let count = Int.random(in: 0 ... 300, using: &random)
                while values.count < count {
                    let value = UInt32(UInt64.random(in: 0 ... maximum, using: &random))
                    let repeats = Bool.random(using: &random) ? Int.random(in: 1 ... 20, using: &random) : 1
                    values += Array(repeating: value, count: min(repeats, count - values.count))
                }
                var encoded: [UInt8] = []
                RLEBitPackedHybridEncoder.encode(values, bitWidth: width, into: &encoded)
                var decoder = try RLEBitPackedHybridDecoder(encoded[...], bitWidth: width)
                var decoded: [UInt32] = []
                try decoder.decode(count: values.count, into: &decoded)
                #expect(decoded == values, "width \(width), \(values.count) values")
            }
        }
    }

    @Test func claimsBeyondTheDataThrowInsteadOfAllocating() throws {
        // An RLE run claiming 2^62 values yields only what is asked for.
        let huge: [UInt8] = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01]
        var decoder = try RLEBitPackedHybridDecoder(huge[...], bitWidth: 1)
        var values: [UInt8] = []
        try decoder.decode(count: 10, into: &values)
        #expect(values == Array(repeating: 1, count: 10))
        // A bit-packed run claiming 2^40 groups over 2 bytes holds 16 values at width 1.
        let packed: [UInt8] = [0x81, 0x80, 0x80, 0x80, 0x80, 0x40, 0xFF, 0x00]
        var packedDecoder = try RLEBitPackedHybridDecoder(packed[...], bitWidth: 1)
        var bits: [UInt8] = []
        try packedDecoder.decode(count: 16, into: &bits)
        #expect(bits == Array(repeating: 1, count: 8) + Array(repeating: 0, count: 8))
        #expect(throws: ParquetError.self) { try packedDecoder.decode(count: 1, into: &bits) }
        #expect(throws: ParquetError.self) { _ = try RLEBitPackedHybridDecoder(huge[...], bitWidth: 33) }
        let cutHeader: [UInt8] = [0x80, 0x80]
        var cut = try RLEBitPackedHybridDecoder(cutHeader[...], bitWidth: 4)
        #expect(throws: ParquetError.self) { try cut.decode(count: 1, into: &bits) }
    }
}
