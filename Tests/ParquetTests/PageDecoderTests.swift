import Codecs
import Testing
@testable import Parquet

/// Data pages v2 keep their levels uncompressed before the values, and compress the values only
/// when `is_compressed` says so.
@Suite struct PageDecoderTests {
    private let leaf = LeafLayout(path: ["name"], kind: .string, maxDefinitionLevel: 1, maxRepetitionLevel: 0, list: nil)

    /// A v2 page of ["Ada", null, "Lin"]: its header and body, with the values compressed or not.
    private func page(compressValues: Bool, flagged: Bool?) throws -> (PageHeader, [UInt8]) {
        var levels: [UInt8] = []
        RLEBitPackedHybridEncoder.encode([1, 0, 1], bitWidth: 1, into: &levels)
        var values: [UInt8] = []
        PlainEncoder.encode([.string("Ada"), .string("Lin")], into: &values)
        let stored = compressValues ? try Snappy.compress(values[...]) : values
        var writer = CompactWriter()
        writer.writeStruct { page in
            page.write(1, i32: 3)
            page.write(2, i32: 1)
            page.write(3, i32: 3)
            page.write(4, i32: Encoding.plain.rawValue)
            page.write(5, i32: Int32(levels.count))
            page.write(6, i32: 0)
            if let flagged { page.write(7, bool: flagged) }
        }
        var reader = CompactReader(writer.bytes[...])
        var header = PageHeader(type: .dataPageV2, uncompressedPageSize: Int32(levels.count + values.count), compressedPageSize: Int32(levels.count + stored.count))
        header.dataPageHeaderV2 = try DataPageHeaderV2(from: &reader)
        return (header, levels + stored)
    }

    @Test func honoursIsCompressed() throws {
        for (compressValues, flagged) in [(true, nil), (true, true), (false, false)] as [(Bool, Bool?)] {
            let (header, body) = try page(compressValues: compressValues, flagged: flagged)
            var decoder = PageDecoder(leaf: leaf, codec: .snappy, limits: ParquetReadLimits())
            #expect(try decoder.readDataPageV2(header, body: body[...], remaining: 3) == 3)
            #expect(decoder.definition == [1, 0, 1])
            #expect(decoder.values == [.string("Ada"), .string("Lin")])
        }
        // Raw values flagged as compressed are a corrupt Snappy block, not a crash.
        let (header, body) = try page(compressValues: false, flagged: true)
        var decoder = PageDecoder(leaf: leaf, codec: .snappy, limits: ParquetReadLimits())
        #expect(throws: ParquetError.self) { _ = try decoder.readDataPageV2(header, body: body[...], remaining: 3) }
        #expect(throws: ParquetError.self) { _ = try decoder.readDataPageV2(header, body: body[...], remaining: 2) }
    }
}
