import Analysis
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Sharding
import Testing
import TestSupport

/// A stand-in encoder labelled as MiniLM (hashed n-grams underneath), so shards carry the audit's
/// model identifier without the weights.
struct LabelledEncoder: TextEncoder {
    let identifier: String
    let base = HashedNGramEncoder(dimension: 48)
    var dimension: Int { base.dimension }

    func encode(_ texts: [String]) async throws -> Matrix { try await base.encode(texts) }
}

/// `spb-analyze audit --embeddings`: stored rows are checked against the audit's model, template,
/// masking, row count and ids, and put in the records' order.
@Suite("Audit from stored embeddings (--embeddings)", .serialized)
struct AuditEmbeddingsTests {
    static let model = "minilm:all-MiniLM-L6-v2"

    /// `count` personas with ids `q-01`…, each naming itself in its background.
    static func personas(_ count: Int) -> String {
        let crafts = ["glassblower", "ferry pilot", "archivist", "beekeeper", "surveyor", "puppeteer", "cartographer"]
        return (1 ... count).map { number in
            let persona = Persona(name: "Ana Vidal \(number)", username: nil, age: 20 + number, traits: ["wry", "patient", "curious"],
                                  background: "Ana Vidal \(number) works as a \(crafts[number % crafts.count]) and keeps notes on case \(number).",
                                  chattingStyle: "Short lines, \(number % 3 + 1) emoji.", id: String(format: "q-%02d", number))
            return persona.jsonLine()
        }.joined(separator: "\n") + "\n"
    }

    /// Writes the personas and embeds them as `shards` shards with the stand-in labelled `label`.
    static func embed(_ folder: ScratchFolder, count: Int = 40, shards: Int = 3, label: String = model, extra: [String] = []) async throws -> URL {
        let input = folder.file("people.jsonl")
        try Data(personas(count).utf8).write(to: input)
        for shard in 1 ... shards {
            let run = await EmbedRun.run([input.path, "--out", folder.file("shards").path, "--shard", "\(shard)/\(shards)"] + extra) { _, _ in
                LabelledEncoder(identifier: label)
            }
            #expect(run.status == 0, "\(run.errors)")
        }
        return input
    }

    static func load(_ embeddings: URL, input: URL, read: AuditDataset.ReadOptions = .init(), model: String = model) throws -> (Matrix, String, AuditDataset) {
        let dataset = try AuditDataset.read(input, options: read)
        let stored = try AuditEmbeddings.load(embeddings, for: dataset, expecting: AuditEmbeddings.Expectation(model: model, dataset: dataset, read: read))
        return (stored.vectors, stored.source, dataset)
    }

    /// The error `body` throws.
    static func failure(_ body: () throws -> Void) -> InputError? {
        do { try body() } catch let error as InputError { return error } catch { return nil }
        return nil
    }

    @Test("shards are read in record order, equal to embedding the records, and the source is stated")
    func shardsMatch() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let input = try await Self.embed(folder)
        let (vectors, source, dataset) = try Self.load(folder.file("shards"), input: input)
        var expected = try await LabelledEncoder(identifier: Self.model).encode(dataset.texts)
        Vectors.normalizeRows(&expected)
        #expect(vectors.rows == 40 && allClose(vectors.storage, expected.storage, absolute: 1e-6))
        #expect(source.contains("3 spb-analyze embed shards") && source.contains(Self.model) && source.contains("fp32")
            && source.contains("own-name:") && source.contains("ids equal the records' in order"), "\(source)")

        // The same rows as one .npy in another order, with its ids: matched by id.
        let reversed = Array((0 ..< 40).reversed())
        try NotebookFiles.writeNPY(vectors.selecting(rows: reversed), to: folder.file("all.npy"))
        try Data(reversed.map { dataset.ids[$0] + "\n" }.joined().utf8).write(to: folder.file("all.ids.txt"))
        let (byID, byIDSource, _) = try Self.load(folder.file("all.npy"), input: input)
        #expect(allClose(byID.storage, vectors.storage, absolute: 1e-6) && byIDSource.contains("matched to records by id"))
        #expect(byIDSource.contains("no manifest"), "a bare .npy has no manifest to check: \(byIDSource)")

        // Without ids: row-aligned.
        try FileManager.default.removeItem(at: folder.file("all.ids.txt"))
        let (aligned, alignedSource, _) = try Self.load(folder.file("all.npy"), input: input)
        #expect(allClose(aligned.storage, vectors.selecting(rows: reversed).storage, absolute: 1e-6) && alignedSource.contains("row-aligned"))
    }

    @Test("another model, template, masking, row count or ids: an InputError naming the file and the field")
    func mismatches() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let input = try await Self.embed(folder)
        let shards = folder.file("shards")

        let model = Self.failure { _ = try Self.load(shards, input: input, model: "openai:text-embedding-3-small") }
        #expect(model?.field == "model" && model?.file.hasSuffix("embeddings-00001-of-00003.json") == true
            && model?.message.contains(Self.model) == true, "\(String(describing: model))")

        let names = Self.failure { _ = try Self.load(shards, input: input, read: AuditDataset.ReadOptions(keepNames: true)) }
        #expect(names?.field == "name_masking" && names?.message.contains("drop --keep-names") == true, "\(String(describing: names))")

        let texts = Self.failure { _ = try Self.load(shards, input: input, read: AuditDataset.ReadOptions(textField: "background")) }
        #expect(texts?.field == "text_template" && texts?.message.contains("the audit reads texts") == true, "\(String(describing: texts))")

        try Data(Self.personas(39).utf8).write(to: folder.file("fewer.jsonl"))
        let rows = Self.failure { _ = try Self.load(shards, input: folder.file("fewer.jsonl")) }
        #expect(rows?.message.contains("40 rows of embeddings") == true && rows?.message.contains("39 records") == true, "\(String(describing: rows))")

        let (vectors, _, dataset) = try Self.load(shards, input: input)
        try NotebookFiles.writeNPY(vectors, to: folder.file("renamed.npy"))
        var ids = dataset.ids
        ids[6] = "stranger"
        try Data(ids.map { $0 + "\n" }.joined().utf8).write(to: folder.file("renamed.ids.txt"))
        let unmatched = Self.failure { _ = try Self.load(folder.file("renamed.npy"), input: input) }
        #expect(unmatched?.field == "id" && unmatched?.message.contains("\"q-07\"") == true && unmatched?.message.contains("\"stranger\"") == true,
                "\(String(describing: unmatched))")
        ids[6] = ids[5]
        try Data(ids.map { $0 + "\n" }.joined().utf8).write(to: folder.file("renamed.ids.txt"))
        let repeated = Self.failure { _ = try Self.load(folder.file("renamed.npy"), input: input) }
        #expect(repeated?.message.contains("rows 5 and 6") == true, "\(String(describing: repeated))")

        var zero = vectors
        for column in 0 ..< zero.columns { zero[3, column] = 0 }
        try NotebookFiles.writeNPY(zero, to: folder.file("zero.npy"))
        let zeroRow = Self.failure { _ = try Self.load(folder.file("zero.npy"), input: input) }
        #expect(zeroRow?.message.contains("zero vector") == true && zeroRow?.field?.contains("row 3") == true)

        let elsewhere = Self.failure { _ = try Self.load(folder.file("people.jsonl"), input: input) }
        #expect(elsewhere?.message.contains(".npy file or a folder") == true)
    }

    @Test("an int8 shard set of the same model is accepted, and its precision is stated; --keep-names shards need --keep-names")
    func precisionAndNames() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let input = try await Self.embed(folder, shards: 2, label: Self.model + "@int8", extra: ["--keep-names"])
        let (_, source, _) = try Self.load(folder.file("shards"), input: input, read: AuditDataset.ReadOptions(keepNames: true))
        #expect(source.contains("@int8 (int8)") && source.contains("name masking none"), "\(source)")
        let masked = Self.failure { _ = try Self.load(folder.file("shards"), input: input) }
        #expect(masked?.field == "name_masking" && masked?.message.contains("give --keep-names") == true, "\(String(describing: masked))")
    }
}
