import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Embedding

/// The encoder, loaded once for the whole suite (nil when `models/` is absent).
private let sharedEncoder: MiniLMEncoder? = SharedData.modelDirectory.flatMap { try? MiniLMEncoder(modelDirectory: $0, batchSize: 16) }

private let modelAbsent = "skipped: models/all-MiniLM-L6-v2 is absent (run `bash scripts/setup.sh`)"

/// The reference fixture's items (shared ones only when ../shared exists), loaded once.
private let fixture: (items: [ReferenceItem], skippedShared: Int)? = try? ReferenceFixture.load()

/// Fixture items with stored token ids (the inline texts written for this project).
private var inlineItems: [ReferenceItem] { fixture?.items.filter { $0.inputIDs != nil } ?? [] }

/// Cosine and largest absolute difference between two vectors.
private func compare(_ a: [Float], _ b: [Float]) -> (cosine: Float, maxDifference: Float) {
    let cosine = BLAS.dot(a, b) / (BLAS.dot(a, a) * BLAS.dot(b, b)).squareRoot()
    return (cosine, zip(a, b).map { abs($0 - $1) }.max() ?? .infinity)
}

/// Expects row `i` of `embeddings` to match `items[i]`'s reference (cosine >= 0.9999, max |Δ| <= 1e-4);
/// returns the worst cosine.
private func expectMatchesReference(_ embeddings: Matrix, _ items: [ReferenceItem]) -> Float {
    var worst: Float = 1
    for (index, item) in items.enumerated() {
        let (cosine, difference) = compare(embeddings.row(index), item.embedding)
        worst = min(worst, cosine)
        #expect(cosine >= 0.9999 && difference <= 1e-4,
                "\(item.label) \"\(item.text.prefix(40))\": cosine \(cosine), max |Δ| \(difference)")
    }
    return worst
}

@Suite struct MiniLMTests {
    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func matchesSentenceTransformersOnInlineTokenIDs() throws {
        let encoder = try #require(sharedEncoder)
        // The forward pass alone, on the fixture's own ids (every 6th inline text and the one with a
        // literal "[PAD]", id 0 inside the text; the full pipeline test below covers every text).
        let items = inlineItems.enumerated().filter { $0.offset % 6 == 0 || $0.element.text.contains("[PAD]") }.map(\.element)
        #expect(items.count > 30)
        let embeddings = encoder.embed(tokenIDs: items.map { $0.inputIDs ?? [] })
        #expect(embeddings.rows == items.count && embeddings.columns == 384)
        let worst = expectMatchesReference(embeddings, items)
        print("MiniLM token ids: \(items.count) texts, worst cosine \(worst)")
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func encodeMatchesSentenceTransformersOnEveryFixtureText() async throws {
        let encoder = try #require(sharedEncoder)
        let (items, skippedShared) = try #require(fixture, "the reference fixture does not load: \(String(describing: try? ReferenceFixture.load()))")
        if skippedShared > 0 { print(SharedData.skipMessage("data (\(skippedShared) shared fixture texts)")) }
        let embeddings = try await encoder.encode(items.map(\.text))
        #expect(embeddings.rows == items.count)
        let worst = expectMatchesReference(embeddings, items)
        print("MiniLM encode: \(items.count) texts (\(skippedShared) shared skipped), worst cosine \(worst)")
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func batchResultsEqualSingleTextResults() throws {
        let encoder = try #require(sharedEncoder)
        // Mixed lengths, including the longest inline item, so batches need real packing.
        let sorted = inlineItems.sorted { ($0.inputIDs?.count ?? 0) < ($1.inputIDs?.count ?? 0) }
        let chosen = [sorted[0], sorted[sorted.count / 3], sorted[sorted.count / 2], sorted[sorted.count - 1], sorted[5]]
        let ids = chosen.map { $0.inputIDs ?? [] }
        let together = encoder.embed(tokenIDs: ids)
        for (index, sequence) in ids.enumerated() {
            let alone = encoder.embed(tokenIDs: [sequence])
            #expect(allClose(alone.row(0), together.row(index), absolute: 1e-5, relative: 1e-4),
                    "text \(index) (\(sequence.count) tokens) differs alone and in a batch")
        }
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func longNeighboursDoNotChangeAShortTextsEmbedding() throws {
        let encoder = try #require(sharedEncoder)
        let short: [Int32] = [101, 7592, 1010, 2088, 999, 102]   // [CLS] hello , world ! [SEP]
        let long: [Int32] = [101] + (0 ..< 254).map { Int32(2000 + $0 % 500) } + [102]
        let alone = encoder.embed(tokenIDs: [short]).row(0)
        let withNeighbours = encoder.embed(tokenIDs: [long, short, long, [101, 102]])
        #expect(withNeighbours.rows == 4)
        #expect(allClose(alone, withNeighbours.row(1), absolute: 1e-5, relative: 1e-4))
        #expect(!allClose(withNeighbours.row(0), withNeighbours.row(1), absolute: 1e-2, relative: 0))
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func rowsAreUnitLengthAndInInputOrder() throws {
        let encoder = try #require(sharedEncoder)
        let ids = inlineItems.prefix(16).map { $0.inputIDs ?? [] }
        let forward = encoder.embed(tokenIDs: ids)
        let backward = encoder.embed(tokenIDs: ids.reversed())
        for index in ids.indices {
            let row = forward.row(index)
            #expect(isClose(BLAS.dot(row, row), 1, absolute: 1e-5))
            #expect(allClose(row, backward.row(ids.count - 1 - index), absolute: 1e-5, relative: 1e-4))
        }
        #expect(encoder.dimension == 384 && encoder.identifier == "minilm:all-MiniLM-L6-v2")
        #expect(encoder.embed(tokenIDs: []).rows == 0)
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil && ProcessInfo.processInfo.environment["PERSONABANK_MODEL_DIR"] == nil,
                   "\(modelAbsent), or PERSONABANK_MODEL_DIR is set"))
    func locatesTheModelsFolder() throws {
        let found = try MiniLMEncoder.locateModelDirectory()
        #expect(found.lastPathComponent == MiniLMEncoder.defaultDirectoryName)
        #expect(FileManager.default.fileExists(atPath: found.appendingPathComponent("model.safetensors").path))
    }

    @Test func missingWeightsErrorPrintsTheSetupCommand() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        do {
            _ = try MiniLMEncoder(modelDirectory: empty)
            Issue.record("loading an empty folder succeeded")
        } catch let error as ModelFileError {
            #expect(error.code == .missingFile)
            #expect(error.description.contains("bash scripts/setup.sh"), "\(error)")
        }
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func corruptWeightsThrowInsteadOfTrapping() throws {
        let source = try #require(SharedData.modelDirectory)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bad-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["config.json", "vocab.txt", "sentence_bert_config.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        var weights = try Data(contentsOf: source.appendingPathComponent("model.safetensors"))
        let file = try SafetensorsFile(url: source.appendingPathComponent("model.safetensors"))
        let headerEnd = 8 + weights.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        let target = try #require(file.tensors["encoder.layer.3.output.LayerNorm.weight"])
        let nan = Float.nan.bitPattern.littleEndian
        weights.replaceSubrange(headerEnd + target.byteRange.lowerBound ..< headerEnd + target.byteRange.lowerBound + 4,
                                with: (0 ..< 4).map { UInt8(truncatingIfNeeded: nan >> (8 * $0)) })
        let cases: [(Data, ModelFileError.Code)] = [(weights.prefix(200_000), .badOffsets), (weights, .nonFiniteValues)]
        for (contents, code) in cases {
            try contents.write(to: weightsURL)
            do {
                _ = try MiniLMEncoder(modelDirectory: folder)
                Issue.record("loading corrupt weights succeeded (expected \(code))")
            } catch let error as ModelFileError {
                #expect(error.code == code, "\(error)")
            }
        }
    }
}
