import Analysis
import Foundation
import LinearAlgebra
import PersonaKit
import RunFormat
import Sharding
import Testing
import TestSupport

/// The one reader of `embeddings.f32` reports every kind of damage, naming the file and what is wrong,
/// and the readers built on it (the audit, `spb-analyze embed`) stop with the repair instead of
/// silently embedding again.
@Suite("Run format: a damaged embeddings.f32 is reported")
struct EmbeddingDamageTests {
    /// A scratch folder holding `embeddings.f32` with `rows` rows of dimension 4 (and `tail` more bytes).
    static func file(rows: Int, dimension: Int = 4, tail: Int = 0) throws -> (folder: URL, url: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("damage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(RunFiles.embeddings)
        var random = SplitMix64(seed: 3)
        try EmbeddingFile.write(random.unitRows(rows, columns: dimension), to: url)
        if tail > 0 {
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(repeating: 7, count: tail))
            try handle.close()
        }
        return (folder, url)
    }

    /// The damage `check(rows:dimension:)` or `open` reports for the file at `url`.
    static func damage(_ url: URL, rows: Int, dimension: Int? = nil) -> EmbeddingDamage? {
        do {
            try EmbeddingFile.open(url)?.check(rows: rows, dimension: dimension)
            return nil
        } catch let damage as EmbeddingDamage {
            return damage
        } catch {
            Issue.record("not an EmbeddingDamage: \(error)")
            return nil
        }
    }

    @Test("a whole file passes; missing rows, extra rows, a partial row and another dimension are each named")
    func rowDamage() throws {
        let (folder, url) = try Self.file(rows: 3)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(Self.damage(url, rows: 3, dimension: 4) == nil)
        #expect(try EmbeddingFile.read(url)?.rows == 3)
        #expect(Self.damage(url, rows: 50)?.description == "holds 3 rows for 50 personas in personas.jsonl")
        #expect(Self.damage(url, rows: 2)?.description == "holds 3 rows for 2 personas in personas.jsonl")
        #expect(Self.damage(url, rows: 3, dimension: 384)?.description == "holds rows of dimension 4 where manifest.json records 384")
        #expect(Self.damage(url, rows: 3, dimension: 384)?.field == "dimension")

        let (partialFolder, partial) = try Self.file(rows: 3, tail: 10)
        defer { try? FileManager.default.removeItem(at: partialFolder) }
        #expect(Self.damage(partial, rows: 3)?.description == "ends with a partial row (10 of 16 bytes) after 3 whole rows")
        #expect(try EmbeddingFile.read(partial)?.rows == 3, "the whole rows still read")
        #expect(Self.damage(partial, rows: 3)?.file == partial.relativePath)
    }

    @Test("a bad magic, a short header, an unknown version and an implausible dimension are damaged headers")
    func headerDamage() throws {
        let (folder, url) = try Self.file(rows: 2)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try Data(contentsOf: url)
        func damaged(_ bytes: Data) throws -> EmbeddingDamage? {
            try bytes.write(to: url)
            return Self.damage(url, rows: 2)
        }
        #expect(try damaged(Data(repeating: 0x41, count: 64))?.description == "not an embeddings file (bad header)")
        #expect(try damaged(good.prefix(10))?.description == "not an embeddings file (bad header)")
        #expect(try damaged(Data())?.description == "not an embeddings file (bad header)")
        var version = good
        version[4] = 2
        #expect(try damaged(version)?.description == "unsupported format version 2")
        #expect(try damaged(version)?.field == "version")
        var zero = good
        zero.replaceSubrange(8 ..< 12, with: [0, 0, 0, 0])
        #expect(try damaged(zero)?.description == "implausible dimension 0")
        var huge = good
        huge.replaceSubrange(8 ..< 12, with: [0, 0, 0, 1])
        #expect(try damaged(huge)?.description == "implausible dimension 16777216")
        #expect(try damaged(huge)?.field == "dimension")
    }

    @Test("a non-finite value is bad input naming its row; an absent file is no file")
    func values() throws {
        let (folder, url) = try Self.file(rows: 3)
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Data(contentsOf: url)
        bytes.replaceSubrange(16 + 4 * 4 + 8 ..< 16 + 4 * 4 + 12, with: Float32Bytes.encode([Float.nan]))
        try bytes.write(to: url)
        #expect(throws: InputError(file: url.relativePath, line: nil, field: "row 1", message: "non-finite value")) { try EmbeddingFile.read(url) }
        #expect(try EmbeddingFile.open(folder.appendingPathComponent("absent.f32")) == nil)
    }

    /// A run directory of `personas` personas whose `embeddings.f32` holds `rows` rows of dimension 4.
    static func run(personas: Int, rows: Int, tail: Int = 0) throws -> URL {
        let (folder, _) = try file(rows: rows, tail: tail)
        let lines = (1 ... personas).map { number in
            Persona(name: "Kim Osei \(number)", username: nil, age: 30 + number % 40, traits: ["calm", "dry", "exact"],
                    background: "Kim Osei \(number) repairs clocks in workshop \(number) and writes a newsletter.", chattingStyle: "Lowercase.",
                    id: "k\(number)").jsonLine()
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent(RunFiles.personas), atomically: true, encoding: .utf8)
        try RunFixture.writeManifest(in: folder, settings: RunFixture.settings(nameMasking: PersonaTextTemplate.default.nameMasking), dimension: 4)
        return folder
    }

    @Test("the audit's reader stops on a run with 3 rows for 50 personas, naming the damage and the repair; --reembed embeds with a note")
    func auditReader() throws {
        let directory = try Self.run(personas: 50, rows: 3)
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = AuditDataset.ReadOptions()
        options.offersReembed = true
        do {
            _ = try AuditDataset.read(directory, options: options)
            Issue.record("a damaged run was read")
        } catch let error as InputError {
            #expect(error.file == directory.appendingPathComponent(RunFiles.embeddings).relativePath)
            #expect(error.message == "holds 3 rows for 50 personas in personas.jsonl: spb-generate --resume --out \(directory.relativePath) repairs it, "
                + "or pass --reembed to embed every text from scratch")
        }
        options.offersReembed = false
        #expect { try AuditDataset.read(directory, options: options) } throws: { error in
            "\(error)".hasSuffix("or move embeddings.f32 aside to embed every text from scratch")
        }
        options.reembed = true
        let dataset = try AuditDataset.read(directory, options: options)
        #expect(dataset.count == 50 && dataset.storedEmbeddings == nil)
        #expect(dataset.storedEmbeddingsNote == "This run's embeddings.f32 holds 3 rows for 50 personas in personas.jsonl: the texts were embedded "
            + "from scratch, as --reembed asked (spb-generate --resume --out \(directory.relativePath) repairs the file).")

        // A whole file with --reembed is left unread, and the note says so.
        let whole = try Self.run(personas: 5, rows: 5)
        defer { try? FileManager.default.removeItem(at: whole) }
        let fresh = try AuditDataset.read(whole, options: options)
        #expect(fresh.storedEmbeddings == nil && fresh.storedEmbeddingsNote?.contains("left unread") == true)
        options.reembed = false
        #expect(try AuditDataset.read(whole, options: options).storedEmbeddings?.rows == 5)

        // A run without embeddings.f32 is embedded, as before, without a note.
        try FileManager.default.removeItem(at: whole.appendingPathComponent(RunFiles.embeddings))
        let none = try AuditDataset.read(whole, options: options)
        #expect(none.storedEmbeddings == nil && none.storedEmbeddingsNote == nil)
    }

    @Test("spb-analyze embed's reader stops on a partial row with the repair")
    func embedReader() throws {
        let directory = try Self.run(personas: 3, rows: 3, tail: 6)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect { try StoredRunEmbeddings.open(runDirectory: directory, records: 3) } throws: { error in
            "\(error)".contains("embeddings.f32: ends with a partial row (6 of 16 bytes) after 3 whole rows: spb-generate --resume --out")
                && "\(error)".hasSuffix("or pass --reembed to embed every text from scratch")
        }
        #expect { try StoredRunEmbeddings.open(runDirectory: directory, records: 4) } throws: { error in
            "\(error)".contains("partial row")
        }
    }
}
