import Foundation
import Parquet
import PersonaKit
import Testing
import TestSupport
@testable import Analysis

/// `spb-analyze audit` reads Parquet through `AuditDataset.read`: the same items and the same
/// report numbers as the JSONL twin, texts from one column with `--text-field`/`--column`, and bad
/// rows named by row number with `--skip-invalid` counting them.
@Suite("Audit: Parquet input")
struct ParquetAuditTests {
    /// A fresh folder; the caller removes it.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("audit-parquet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The report as JSON without its `input` section (which names the file and its format) and the process's
    /// peak memory (which the first of two audits in one process raises for the second).
    static func reportWithoutInput(_ report: AuditReport) throws -> NSDictionary {
        var json = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        json["input"] = nil
        json["peakResidentBytes"] = nil
        return json as NSDictionary
    }

    @Test("a Parquet file audits to the same report numbers as its JSONL twin")
    func sameReportAsJSONL() async throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        var (personas, _) = templatedPersonas(perTemplate: 8, seed: 5)
        personas.append(personas[3])
        personas[9].age = 90
        let parquet = directory.appendingPathComponent("personas.parquet"), jsonl = directory.appendingPathComponent("personas.jsonl")
        try PersonaParquet.write(personas, to: parquet, jsonl: jsonl, rowGroupRows: 7)

        let fromParquet = try AuditDataset.read(parquet, options: .init())
        let fromJSONL = try AuditDataset.read(jsonl, options: .init())
        #expect(fromParquet.format == "parquet")
        #expect(fromParquet.ids == fromJSONL.ids && fromParquet.texts == fromJSONL.texts && fromParquet.personas == fromJSONL.personas)
        #expect(fromParquet.violations == fromJSONL.violations)

        var options = AuditOptions()
        options.clusters = 3
        let parquetReport = try await Auditor.run(dataset: fromParquet, encoder: BagOfWordsEncoder(), options: options).report
        let jsonlReport = try await Auditor.run(dataset: fromJSONL, encoder: BagOfWordsEncoder(), options: options).report
        #expect(parquetReport.headline.map(\.1) == jsonlReport.headline.map(\.1))
        #expect(try Self.reportWithoutInput(parquetReport) == Self.reportWithoutInput(jsonlReport))
        #expect(parquetReport.validity?.exactDuplicateGroups == 1)
    }

    @Test("files written by pyarrow (snappy, dictionary) and by polars (zstd) audit to the same report numbers as their JSONL twin",
          arguments: ["pyarrow_snappy_v1_dict.parquet", "polars_default.parquet"])
    func pyarrowAndPolarsFilesMatchJSONL(file: String) async throws {
        let parquet = PersonaParquet.repositoryFixture(file), jsonl = PersonaParquet.repositoryFixture("personas.jsonl")
        // The fixtures hold a few rows with null or out-of-range fields on purpose: both reads skip the same ones.
        let fromParquet = try AuditDataset.read(parquet, options: .init(mode: .skip))
        let fromJSONL = try AuditDataset.read(jsonl, options: .init(mode: .skip))
        #expect(fromParquet.count == fromJSONL.count && fromParquet.count >= 20, "\(fromParquet.count) of 60 rows read")
        #expect(fromParquet.skippedRecords == fromJSONL.skippedRecords)
        #expect(fromParquet.ids == fromJSONL.ids && fromParquet.texts == fromJSONL.texts)
        var options = AuditOptions()
        options.clusters = 3
        let parquetReport = try await Auditor.run(dataset: fromParquet, encoder: BagOfWordsEncoder(), options: options).report
        let jsonlReport = try await Auditor.run(dataset: fromJSONL, encoder: BagOfWordsEncoder(), options: options).report
        #expect(parquetReport.headline.map(\.1) == jsonlReport.headline.map(\.1))
        let differences = Self.differences(try Self.reportWithoutInput(parquetReport), try Self.reportWithoutInput(jsonlReport))
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    /// The paths at which two decoded JSON values differ (numbers within 1e-9 relative count as equal:
    /// sums over the same values in another order may differ in the last bit).
    static func differences(_ a: Any?, _ b: Any?, path: String = "") -> [String] {
        switch (a, b) {
        case let (x as NSDictionary, y as NSDictionary):
            let keys = Set(x.allKeys.map { "\($0)" }).union(y.allKeys.map { "\($0)" })
            return keys.sorted().flatMap { differences(x[$0], y[$0], path: path + "/" + $0) }
        case let (x as NSArray, y as NSArray):
            guard x.count == y.count else { return ["\(path): \(x.count) vs \(y.count) elements"] }
            return (0 ..< x.count).flatMap { differences(x[$0], y[$0], path: path + "/\($0)") }
        case let (x as NSNumber, y as NSNumber):
            let (u, v) = (x.doubleValue, y.doubleValue)
            return u == v || abs(u - v) <= 1e-9 * max(abs(u), abs(v)) ? [] : ["\(path): \(u) vs \(v)"]
        default:
            return "\(a ?? "nil")" == "\(b ?? "nil")" ? [] : ["\(path): \(a ?? "nil") vs \(b ?? "nil")"]
        }
    }

    @Test("a Nemotron-shaped file: --text-template renders any columns, --id-field ids name the planted near-duplicates, Parquet as JSONL")
    func nemotronShapedTemplateAndIDs() async throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let parquet = directory.appendingPathComponent("nemo.parquet"), jsonl = directory.appendingPathComponent("nemo.jsonl")
        try NemotronShapedParquet.write(count: 60, duplicateEvery: 6, to: parquet)
        try Data(NemotronShapedParquet.jsonl(count: 60, duplicateEvery: 6).utf8).write(to: jsonl)
        var read = AuditDataset.ReadOptions()
        read.textTemplate = try RecordTemplate("{persona} Skills: {skills_and_expertise_list}. Hobbies: {hobbies_and_interests_list}")
        read.idField = "uuid"
        let fromParquet = try AuditDataset.read(parquet, options: read), fromJSONL = try AuditDataset.read(jsonl, options: read)
        #expect(fromParquet.ids == fromJSONL.ids && fromParquet.texts == fromJSONL.texts && fromParquet.personas == nil)
        #expect(fromParquet.ids.first == "nemo-0001" && fromParquet.texts.first?.contains("Skills: ") == true)
        var options = AuditOptions()
        options.clusters = 3
        let report = try await Auditor.run(dataset: fromParquet, encoder: BagOfWordsEncoder(), options: options).report
        // Records 6, 12, …, 60 repeat the prose of the record before them under a new uuid: 10 planted pairs.
        let members = Set(report.nearDuplicates.largestClusters.flatMap(\.members))
        #expect(report.nearDuplicates.pairCount >= 10)
        for number in stride(from: 6, through: 60, by: 6) {
            #expect(members.contains(String(format: "nemo-%04d", number)) && members.contains(String(format: "nemo-%04d", number - 1)), "pair \(number)")
        }
    }

    @Test("--text-field or --column names the Parquet column of texts; ids are row numbers")
    func textColumn() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let personas = PersonaParquet.personas(6)
        let parquet = directory.appendingPathComponent("texts.parquet")
        try PersonaParquet.write(personas, to: parquet)
        for options in [AuditDataset.ReadOptions(textField: "background"), AuditDataset.ReadOptions(column: "background")] {
            #expect(try options.format(of: parquet) == .parquet(textColumn: "background"))
            let dataset = try AuditDataset.read(parquet, options: options)
            #expect(dataset.texts == personas.map(\.background) && dataset.personas == nil)
            #expect(dataset.ids == (1 ... 6).map(String.init) && dataset.format == "parquet:background")
        }
    }

    @Test("a bad row stops the read naming file, row and field; --skip-invalid counts it")
    func badRow() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rows = PersonaParquet.personas(5).map(PersonaParquet.row)
        rows[3]["traits"] = .null
        let parquet = directory.appendingPathComponent("bad.parquet")
        try PersonaParquet.write(rows: rows, to: parquet)
        #expect {
            try AuditDataset.read(parquet, options: .init())
        } throws: { error in
            (error as? InputError)?.description.hasSuffix("bad.parquet:4: traits: expected an array of strings, got null") == true
        }
        let skipped = try AuditDataset.read(parquet, options: .init(mode: .skip))
        #expect(skipped.count == 4 && skipped.skippedRecords == 1)
    }
}
