import Foundation
import LinearAlgebra
import PersonaKit
import Testing
import TestSupport
import Thresholds
import VectorIndex

/// Labelled pair files and vector index files, fuzzed in-process: each malformed variant reads
/// or throws the module's error naming the file; nothing traps.
@Suite("Bad input: pair files and index files")
struct BinaryAndPairFuzzTests {
    @Test("Fuzzed pair files throw InputError naming the file", arguments: [(Samples.pairsTSV, PairFileSpec.paws), (Samples.pairsGraded, PairFileSpec.sick)])
    func fuzzedPairs(sample: String, spec: PairFileSpec) throws {
        let scratch = try ScratchDirectory("pairs")
        defer { scratch.remove() }
        let original = try scratch.write("pairs.tsv", sample)
        let clean = try PairFileReader.read(original, spec: spec)
        #expect(clean.pairs.count >= 3)
        var refused = 0
        let mutations = Mutations.of(Data(sample.utf8), seed: 0x9A125 + UInt64(sample.count))
        for mutation in mutations {
            let url = try scratch.write("m-pairs.tsv", mutation.bytes)
            do {
                let set = try PairFileReader.read(url, spec: spec)
                #expect(set.pairs.allSatisfy { $0.line >= 1 }, "\(mutation)")
            } catch {
                refused += 1
                #expect(error.file.hasSuffix("m-pairs.tsv"), "\(mutation): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 0, "some malformed pair files are refused (\(refused)/\(mutations.count))")
    }

    @Test("A bad label names file, line and column")
    func badLabel() throws {
        let scratch = try ScratchDirectory("pairs-label")
        defer { scratch.remove() }
        let url = try scratch.write("p.tsv", Samples.pairsTSV.replacingOccurrences(of: "clocks.\t1", with: "clocks.\tmaybe"))
        #expect {
            _ = try PairFileReader.read(url, spec: .paws)
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.line == 4 && error.file.hasSuffix("p.tsv") && error.field != nil
        }
    }

    @Test("Corrupted index files throw IndexError naming the file; NaN rows are refused")
    func fuzzedIndex() throws {
        let scratch = try ScratchDirectory("index")
        defer { scratch.remove() }
        var rng = SplitMix64(seed: 0x1DE4)
        let index = try VectorIndex(vectors: rng.unitRows(12, columns: 8))
        let url = scratch.url.appendingPathComponent("index.pbv")
        try index.write(to: url)
        let original = try Data(contentsOf: url)
        #expect(try VectorIndex.read(from: url).count == 12)

        var mutations = Mutations.of(original, seed: 0x1DE5, truncations: 40, flips: 40)
        var header = [UInt8](original)
        header[16 ..< 24] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F][...] // count = Int64.max
        mutations.append(Mutation(label: "count Int64.max", bytes: Data(header)))
        header = [UInt8](original)
        header[12 ..< 16] = [0xFF, 0xFF, 0xFF, 0xFF][...] // dimension = UInt32.max
        mutations.append(Mutation(label: "dimension UInt32.max", bytes: Data(header)))
        for mutation in mutations {
            let damaged = try scratch.write("m-index.pbv", mutation.bytes)
            do {
                _ = try VectorIndex.read(from: damaged)
                Issue.record("\(mutation): a damaged index was accepted")
            } catch let error as IndexError {
                #expect(error.description.contains("m-index.pbv"), "\(mutation): \(error)")
            }
        }
    }

    @Test("An index whose rows hold NaN (with a matching checksum) is refused")
    func nanRows() throws {
        let scratch = try ScratchDirectory("index-nan")
        defer { scratch.remove() }
        var rng = SplitMix64(seed: 0x4A4)
        let url = scratch.url.appendingPathComponent("nan.pbv")
        try VectorIndex(vectors: rng.unitRows(3, columns: 4)).write(to: url)
        var bytes = [UInt8](try Data(contentsOf: url))
        withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { bytes.replaceSubrange(32 ..< 36, with: $0) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes[32...] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        withUnsafeBytes(of: hash.littleEndian) { bytes.replaceSubrange(24 ..< 32, with: $0) }
        try Data(bytes).write(to: url)
        #expect {
            _ = try VectorIndex.read(from: url)
        } throws: { error in
            "\(error)".contains("nan.pbv") && "\(error)".contains("row 0")
        }
    }
}
