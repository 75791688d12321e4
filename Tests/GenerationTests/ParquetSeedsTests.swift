import Foundation
import Generation
import Parquet
import PersonaKit
import Testing
import TestSupport

/// `spb-generate --seeds FILE.parquet`: seed personas from Parquet rows, bad rows and unsupported files exit 65 naming them.
@Suite("Generation inputs: Parquet seeds")
struct ParquetSeedsTests {
    /// Loads the bundled inputs with the seeds replaced by `url`.
    static func load(seeds url: URL) throws -> GenerationInputs {
        let directory = try #require(GenerationInputs.defaultDirectory)
        return try GenerationInputs.load(directory: directory, overrides: [GenerationInputs.FileName.seeds: url])
    }

    /// The data error `body` throws.
    static func dataError(_ body: () throws -> Void) -> GenerationError? {
        do { try body() } catch let error as GenerationError where error.code == .badData { return error } catch { return nil }
        return nil
    }

    @Test("seed personas load from Parquet as from their JSONL twin")
    func seedsMatchJSONL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seeds-parquet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let personas = PersonaParquet.personas(6)
        let parquet = directory.appendingPathComponent("seeds.parquet"), jsonl = directory.appendingPathComponent("seeds.jsonl")
        try PersonaParquet.write(personas, to: parquet, jsonl: jsonl, rowGroupRows: 4)
        let fromParquet = try Self.load(seeds: parquet)
        #expect(fromParquet.seedPersonas == personas)
        #expect(try Self.load(seeds: jsonl).seedPersonas == fromParquet.seedPersonas)
        #expect(fromParquet.seedIdentifier(0) == "pq-001")

        var rows = personas.map(PersonaParquet.row)
        rows[1]["age"] = .null
        let bad = directory.appendingPathComponent("bad-seeds.parquet")
        try PersonaParquet.write(rows: rows, to: bad)
        let badRow = try #require(Self.dataError { _ = try Self.load(seeds: bad) })
        #expect(badRow.description == "\(bad.path):2: age: expected an integer, got null", "\(badRow)")

        try PersonaParquet.write(rows: [], to: bad)
        #expect(Self.dataError { _ = try Self.load(seeds: bad) }?.description == "\(bad.path): no seed personas")

        let nested = PersonaParquet.repositoryFixture("unsupported_nested.parquet")
        let unsupported = try #require(Self.dataError { _ = try Self.load(seeds: nested) })
        #expect(unsupported.description.hasPrefix("\(nested.path): row group 0: column \"profile\": unsupported: nested struct column"), "\(unsupported)")
    }
}
