import Foundation
import PersonaKit
import Testing
import TestSupport
@testable import Thresholds

/// `spb-analyze thresholds` (dataset sweep) reads Parquet like its JSONL twin, by extension or `--format parquet[:COLUMN]`.
@Suite("Threshold sweep: Parquet input")
struct ParquetSweepTests {
    @Test("a Parquet file sweeps to the same report as its JSONL twin; a damaged one is an input error")
    func sameSweepAsJSONL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-parquet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var personas = PersonaParquet.personas(14)
        personas[9].background = personas[2].background
        let parquet = directory.appendingPathComponent("sweep.parquet"), jsonl = directory.appendingPathComponent("sweep.jsonl")
        try PersonaParquet.write(personas, to: parquet, jsonl: jsonl, rowGroupRows: 5)

        let fromParquet = try SweepInput.read(parquet, format: try InputFormat.infer(from: parquet), mode: .strict)
        let fromJSONL = try SweepInput.read(jsonl, format: .personaJSONL, mode: .strict)
        #expect(fromParquet.items == fromJSONL.items && fromParquet.items.count == 14)
        let named = try SweepInput.read(parquet, format: try #require(InputFormat(name: "parquet:background")), mode: .strict)
        #expect(named.items.map(\.text) == personas.map(\.background) && named.items.allSatisfy { $0.persona == nil })

        func sweep(_ items: [SweepItem]) async throws -> String {
            try await ThresholdRuns.sweep(items: items, source: "sweep", encoder: .hashedNGrams, grid: [0.5, 0.7, 0.9], threshold: 0.7,
                                          keep: nil, examplesPerBand: 1).text()
        }
        #expect(try await sweep(fromParquet.items) == sweep(fromJSONL.items))

        let damaged = directory.appendingPathComponent("damaged.parquet")
        try PersonaParquet.write(parquet, damaged: .scrambledPage, to: damaged)
        #expect {
            try SweepInput.read(damaged, format: .parquet(textColumn: nil), mode: .skip)
        } throws: { error in
            (error as? InputError)?.description.hasPrefix("\(damaged.path): row group 0: column \"id\": malformed") == true
        }
    }
}
