import Codecs
import Foundation
import Testing
import TestSupport

/// Snappy, zstd and gzip through the pointer-free Codecs API: round trips, and every size rule.
@Suite struct CodecsTests {
    private typealias Codec = (name: String, compress: @Sendable (ArraySlice<UInt8>) throws -> [UInt8],
                               decompress: @Sendable (ArraySlice<UInt8>, Int, Int) throws -> [UInt8])

    private static let codecs: [Codec] = [
        ("snappy", { try Snappy.compress($0) }, { try Snappy.decompress($0, expectedSize: $1, limit: $2) }),
        ("zstd", { try Zstd.compress($0) }, { try Zstd.decompress($0, expectedSize: $1, limit: $2) }),
        ("gzip", { try Gzip.compress($0) }, { try Gzip.decompress($0, expectedSize: $1, limit: $2) }),
    ]

    private static func samples() -> [[UInt8]] {
        var random = SplitMix64(seed: 11)
        let noise = (0 ..< 50_000).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
        let text = Array(String(repeating: "a persona who keeps a weather diary; ", count: 2_000).utf8)
        return [[], [42], noise, text]
    }

    private func expectCodecError(_ code: CodecError.Code, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(code), nothing was thrown")
        } catch let error as CodecError {
            #expect(error.code == code, "\(error)")
        } catch {
            Issue.record("expected CodecError \(code), got \(error)")
        }
    }

    @Test func roundTrips() throws {
        for codec in Self.codecs {
            for sample in Self.samples() {
                let packed = try codec.compress(sample[...])
                #expect(try codec.decompress(packed[...], sample.count, OutputLimit.defaultLimit) == sample, "\(codec.name) \(sample.count) bytes")
                // A slice that does not start at index 0 works too.
                let shifted = [0xEE] + packed
                #expect(try codec.decompress(shifted[1...], sample.count, OutputLimit.defaultLimit) == sample)
            }
        }
    }

    @Test func sizeRulesAndCorruptInput() throws {
        let text = Array(String(repeating: "chatting style: dry jokes, no emoji. ", count: 100).utf8)
        for codec in Self.codecs {
            let packed = try codec.compress(text[...])
            expectCodecError(.sizeMismatch) { _ = try codec.decompress(packed[...], text.count - 1, OutputLimit.defaultLimit) }
            expectCodecError(.sizeMismatch) { _ = try codec.decompress(packed[...], text.count + 1, OutputLimit.defaultLimit) }
            expectCodecError(.limitExceeded) { _ = try codec.decompress(packed[...], text.count, text.count - 1) }
            expectCodecError(.limitExceeded) { _ = try codec.decompress(packed[...], -1, OutputLimit.defaultLimit) }
            expectCodecError(.limitExceeded) { _ = try codec.decompress(packed[...], Int.max, OutputLimit.defaultLimit) }
            #expect(throws: CodecError.self) { _ = try codec.decompress(packed.prefix(packed.count / 2), text.count, OutputLimit.defaultLimit) }
            #expect(throws: CodecError.self) { _ = try codec.decompress(Array("not compressed at all".utf8)[...], text.count, OutputLimit.defaultLimit) }
            #expect(throws: CodecError.self) { _ = try codec.decompress([][...], 10, OutputLimit.defaultLimit) }
        }
    }

    @Test func gzipJoinsConcatenatedMembers() throws {
        let first = Array("first member, ".utf8)
        let second = Array("second member".utf8)
        let joined = try Gzip.compress(first[...]) + Gzip.compress(second[...])
        #expect(try Gzip.decompress(joined[...], expectedSize: first.count + second.count) == first + second)
    }

    @Test func seededGarbageNeverTraps() {
        var random = SplitMix64(seed: 99)
        var failures = 0
        for round in 0 ..< 600 {
            let length = Int.random(in: 0 ... 300, using: &random)
            var bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
            if round % 3 == 0, length > 4 { bytes[0 ..< 4] = [0x28, 0xB5, 0x2F, 0xFD] }
            if round % 3 == 1, length > 2 { bytes[0 ..< 2] = [0x1F, 0x8B] }
            let codec = Self.codecs[round % 3]
            do { _ = try codec.decompress(bytes[...], Int.random(in: 0 ... 5_000, using: &random), 4_096) } catch { failures += 1 }
        }
        #expect(failures > 500)
    }
}
