import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Sharding
import Testing

/// Embeddings of two precisions are never mixed: shards record their precision, a finished shard of
/// another precision is redone, and dedup refuses a shard set whose shards disagree.
@Suite("Encoder precision in embed shards")
struct ShardPrecisionTests {
    /// A lexical stand-in that names a precision the way MiniLM's identifier does.
    struct NamedEncoder: TextEncoder {
        let base = HashedNGramEncoder(dimension: 32)
        let precision: EncoderPrecision
        var identifier: String { base.identifier + (precision == .fp32 ? "" : "@\(precision)") }
        var dimension: Int { base.dimension }
        func encode(_ texts: [String]) async throws -> Matrix { try await base.encode(texts) }
    }

    private func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spb-precision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private let loader: EmbedCommandLine.EncoderLoader = { _, precision in NamedEncoder(precision: precision) }

    private func input(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("texts.txt")
        try (1 ... 70).map { "Line \($0): someone who mends nets and \($0 % 4 == 0 ? "sings" : "reads")." }.joined(separator: "\n")
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("an identifier's @int8 is its precision; without one it is fp32; --precision names are checked")
    func identifiers() async throws {
        #expect(EncoderPrecision(identifier: "minilm:all-MiniLM-L6-v2@int8") == .int8)
        #expect(EncoderPrecision(identifier: "minilm:all-MiniLM-L6-v2") == .fp32)
        #expect(EncoderPrecision(identifier: "openai:text-embedding-3-small") == .fp32)
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = await EmbedRun.run([try input(in: directory).path, "--out", directory.path, "--precision", "fp16"], encoder: loader)
        #expect(run.status == 64 && run.errors.contains("option '--precision' expects fp32, bf16 or int8, got 'fp16'"), "\(run.errors)")
    }

    @Test("shards record their precision; a finished fp32 shard asked for at int8 is redone; dedup refuses a mixed set, naming the shard")
    func neverMixed() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try input(in: directory)
        let out = directory.appendingPathComponent("shards")
        #expect(await EmbedRun.run([text.path, "--out", out.path, "--shard", "1/2"], encoder: loader).status == 0)
        #expect(await EmbedRun.run([text.path, "--out", out.path, "--shard", "2/2", "--precision", "int8"], encoder: loader).status == 0)
        let second = try #require(ShardManifest.read(out.appendingPathComponent(ShardFiles.manifest(shard: 2, of: 2))))
        #expect(second.precision == "int8" && second.model.hasSuffix("@int8"))
        #expect(ShardManifest.read(out.appendingPathComponent(ShardFiles.manifest(shard: 1, of: 2)))?.precision == "fp32")

        #expect(throws: InputError.self) { _ = try DedupInput.readShards(out) }
        do { _ = try DedupInput.readShards(out) } catch let error as InputError {
            #expect("\(error)".contains("int8 precision, shard 1 at fp32"), "\(error)")
        }

        let redo = await EmbedRun.run([text.path, "--out", out.path, "--shard", "2/2"], encoder: loader)
        #expect(redo.status == 0 && redo.errors.contains("was embedded at int8 precision, --precision asks for fp32"), "\(redo.errors)")
        let merged = try DedupInput.readShards(out)
        #expect(merged.vectors.rows == 70)
    }
}
