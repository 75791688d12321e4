import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Seeded damage to footers and pages (truncation, flipped bytes, lengths past the end, huge
/// counts) never traps: every damaged file either reads or throws ``ParquetError``.
@Suite struct FuzzTests {
    /// What reading a damaged file led to.
    private struct Tally: CustomStringConvertible {
        var read = 0
        var threw = 0
        var description: String { "\(read) read, \(threw) threw" }
    }

    /// Opens `url` and reads every row group, counting the outcome (a trap would end the test run).
    private static func readEverything(_ url: URL, into tally: inout Tally) {
        do {
            let file = try ParquetFile(url: url)
            for index in 0 ..< file.rowGroupCount { _ = try file.readRowGroup(index) }
            tally.read += 1
        } catch {
            tally.threw += 1
        }
    }

    /// The bytes of a base file: a fixture, or `ours` (written by ParquetWriter with small pages).
    private static func baseFile(_ name: String) throws -> [UInt8] {
        guard name == "ours" else { return [UInt8](try Data(contentsOf: Fixtures.url(name))) }
        let url = Fixtures.temporaryURL("fuzz-base")
        defer { try? FileManager.default.removeItem(at: url) }
        var options = ParquetWriter.Options()
        options.rowGroupSize = 20
        options.dataPageSize = 200
        let writer = try ParquetWriter(url: url, columns: Fixtures.personaColumns, options: options)
        for row in Fixtures.personaRows { try writer.append(row) }
        try writer.close()
        return [UInt8](try Data(contentsOf: url))
    }

    @Test("damaged files read or throw", arguments: ["pyarrow_snappy_v1_dict.parquet", "pyarrow_zstd_v2_plain.parquet", "polars_default.parquet",
                                                     "pyarrow_gzip_v2_dict.parquet", "ours"])
    func damagedFilesNeverTrap(base: String) throws {
        let original = try Self.baseFile(base)
        let footerLength = Int(original[...].uint32LE(at: original.count - 8))
        let footerStart = original.count - 8 - footerLength
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: base.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
        let url = Fixtures.temporaryURL("fuzz")
        defer { try? FileManager.default.removeItem(at: url) }
        var tally = Tally()
        func attempt(_ bytes: [UInt8]) throws {
            try Data(bytes).write(to: url)
            Self.readEverything(url, into: &tally)
        }
        // Truncation at many points.
        for _ in 0 ..< 40 { try attempt(Array(original.prefix(Int.random(in: 0 ..< original.count, using: &random)))) }
        // A cut in the middle keeps the footer, so its offsets point past the end or into the wrong bytes.
        for _ in 0 ..< 30 {
            let start = Int.random(in: 4 ..< footerStart, using: &random)
            let end = min(footerStart, start + Int.random(in: 1 ... 4_000, using: &random))
            try attempt(Array(original[..<start] + original[end...]))
        }
        // Flipped bytes in the footer and in the pages.
        for round in 0 ..< 300 {
            var bytes = original
            let region = round % 2 == 0 ? footerStart ..< original.count - 8 : 4 ..< footerStart
            for _ in 0 ..< Int.random(in: 1 ... 3, using: &random) {
                bytes[Int.random(in: region, using: &random)] ^= UInt8.random(in: 1 ... 255, using: &random)
            }
            try attempt(bytes)
        }
        // Lengths past the end: the footer length, and 4-byte little-endian lengths inside pages.
        for round in 0 ..< 40 {
            var bytes = original
            let value = [UInt32(original.count), UInt32.max, 0x7FFF_FFFF, UInt32(footerLength + 1), UInt32.random(in: 0 ... UInt32.max, using: &random)][round % 5]
            let at = round % 2 == 0 ? original.count - 8 : Int.random(in: 4 ..< footerStart - 4, using: &random)
            for shift in 0 ..< 4 { bytes[at + shift] = UInt8(truncatingIfNeeded: value >> UInt32(8 * shift)) }
            try attempt(bytes)
        }
        // Huge counts: long varints written over footer and page-header bytes.
        for round in 0 ..< 60 {
            var bytes = original
            let region = round % 2 == 0 ? footerStart ..< original.count - 13 : 4 ..< footerStart - 5
            let at = Int.random(in: region, using: &random)
            bytes.replaceSubrange(at ..< at + 5, with: [0xFF, 0xFF, 0xFF, 0xFF, UInt8.random(in: 0x01 ... 0x0F, using: &random)])
            try attempt(bytes)
        }
        #expect(tally.threw > 100, "\(base): \(tally)")
        #expect(tally.read > 0, "\(base): some harmless damage still reads (\(tally))")
        print("fuzz \(base): \(tally)")
    }

    @Test func randomBytesIntoEveryDecoder() throws {
        var random = SplitMix64(seed: 0xF0221)
        var failures = 0
        let kinds: [ValueKind] = [.string, .byteArrayText, .int32, .uint32, .int64, .uint64, .float, .double, .bool]
        for round in 0 ..< 4_000 {
            let bytes = (0 ..< Int.random(in: 0 ... 64, using: &random)).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
            do {
                switch round % 4 {
                case 0:
                    _ = try FileMetaData(decoding: bytes[...])
                case 1:
                    var reader = CompactReader(bytes[...])
                    _ = try PageHeader(from: &reader)
                case 2:
                    var decoder = try RLEBitPackedHybridDecoder(bytes[...], bitWidth: Int.random(in: 0 ... 33, using: &random))
                    var values: [UInt32] = []
                    try decoder.decode(count: Int.random(in: 0 ... 10_000, using: &random), into: &values)
                default:
                    var values: [ParquetValue] = []
                    let kind = kinds[Int.random(in: 0 ..< kinds.count, using: &random)]
                    _ = try PlainDecoder.decode(bytes[...], count: Int.random(in: 0 ... Int(Int32.max), using: &random), kind: kind, into: &values)
                }
            } catch {
                failures += 1
            }
        }
        #expect(failures > 2_000)
    }
}
