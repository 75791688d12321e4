import Foundation
import Parquet
import PersonaKit
import Testing
import TestSupport

/// Parquet datasets through ``DatasetReader``: rows become the same personas and texts as the
/// JSONL twin, bad values are bad records named by row number and field, and a damaged or
/// unsupported file is one error naming file, row group, column and feature.
@Suite("Dataset reader: Parquet")
struct ParquetDatasetReaderTests {
    @Test("the extension and --format names choose Parquet, personas or one column")
    func formats() throws {
        #expect(try InputFormat.infer(from: URL(fileURLWithPath: "/tmp/x.parquet")) == .parquet(textColumn: nil))
        #expect(try InputFormat.infer(from: URL(fileURLWithPath: "/tmp/x.PARQUET"), field: "bio") == .parquet(textColumn: "bio"))
        #expect(InputFormat(name: "parquet") == .parquet(textColumn: nil))
        #expect(InputFormat(name: "parquet:bio") == .parquet(textColumn: "bio"))
        #expect(InputFormat(name: "parquet:") == nil && InputFormat(name: "jsonl:") == nil)
        for format in [InputFormat.parquet(textColumn: nil), .parquet(textColumn: "bio")] { #expect(InputFormat(name: format.description) == format) }
        #expect(InputFormat.parquet(textColumn: nil).holdsPersonas && !InputFormat.parquet(textColumn: "bio").holdsPersonas)
    }

    @Test("rows over several row groups read as the JSONL twin's personas, row numbers as lines, extra columns kept")
    func personasMatchJSONL() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let personas = PersonaParquet.personas(11)
        let parquet = dir.url.appendingPathComponent("p.parquet"), jsonl = dir.url.appendingPathComponent("p.jsonl")
        try PersonaParquet.write(personas, to: parquet, jsonl: jsonl, rowGroupRows: 4)
        #expect(try ParquetFile(url: parquet).rowGroupCount == 3)
        let (fromParquet, summary) = try Samples.readAll(parquet, .parquet(textColumn: nil), .strict)
        let (fromJSONL, _) = try Samples.readAll(jsonl, .personaJSONL, .strict)
        #expect(fromParquet == fromJSONL)
        #expect(fromParquet.map(\.line) == Array(1 ... 11))
        #expect(fromParquet.map(\.persona) == personas)
        #expect(fromParquet[2].persona?.username == nil && fromParquet[2].persona?.extraFields["score"] == .number(0.75))
        #expect(summary.records == 11 && summary.skippedCount == 0)
    }

    @Test("a string column reads as texts, the name column masked; a missing or non-string column stops the read")
    func textColumn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let personas = PersonaParquet.personas(5)
        let url = dir.url.appendingPathComponent("t.parquet")
        var rows = personas.map(PersonaParquet.row)
        rows[1]["background"] = .string("Parq Person2 keeps bees; Parq admires them.")
        try PersonaParquet.write(rows: rows, to: url)
        let (records, _) = try Samples.readAll(url, .parquet(textColumn: "background"), .strict)
        #expect(records.map(\.text) == rows.map { $0["background"]?.stringValue ?? "" })
        #expect(records.allSatisfy { $0.persona == nil })

        var reader = DatasetReader(url: url, format: .parquet(textColumn: "background"), mode: .strict)
        reader.nameField = "name"
        var masked: [String] = []
        _ = try reader.read { masked.append($0.text) }
        #expect(masked[1] == NameMask(name: "Parq Person2", username: nil).apply(to: rows[1]["background"]?.stringValue ?? ""))
        #expect(masked[1] != records[1].text)

        let missing = try #require(Samples.inputError { _ = try Samples.readAll(url, .parquet(textColumn: "bio"), .skip) })
        #expect(missing.field == "bio" && missing.message.hasPrefix("no such column; the file has id, name"), "\(missing)")
        let numeric = try #require(Samples.inputError { _ = try Samples.readAll(url, .parquet(textColumn: "age"), .skip) })
        #expect(numeric.description.hasSuffix("t.parquet: age: the column holds int64, not strings"), "\(numeric)")
    }

    @Test("bad values are bad records named by file, row and field; --skip-invalid reads the others")
    func badValues() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var rows = PersonaParquet.personas(7).map(PersonaParquet.row)
        rows[2]["age"] = .null
        rows[4]["traits"] = .list([.string("calm"), .null, .string("kind")])
        rows[5]["background"] = .null
        let url = dir.url.appendingPathComponent("bad.parquet")
        try PersonaParquet.write(rows: rows, to: url, rowGroupRows: 3)
        let strict = try #require(Samples.inputError { _ = try Samples.readAll(url, .parquet(textColumn: nil), .strict) })
        #expect(strict.description.hasSuffix("bad.parquet:3: age: expected an integer, got null"), "\(strict)")
        let (records, summary) = try Samples.readAll(url, .parquet(textColumn: nil), .skip)
        #expect(records.map(\.line) == [1, 2, 4, 7])
        #expect(summary.skipped.map(\.line) == [3, 5, 6] && summary.skippedCount == 3)
        #expect(summary.skipped.map(\.field) == ["age", "traits[1]", "background"])

        var ages = rows
        for index in ages.indices { ages[index]["age"] = .string(index == 1 ? "forty" : "40") }
        var columns = PersonaParquet.columns
        columns[3] = ParquetColumn(name: "age", type: .string)
        let text = dir.url.appendingPathComponent("ages.parquet")
        try PersonaParquet.write(rows: ages, columns: columns, to: text)
        let typed = try #require(Samples.inputError { _ = try Samples.readAll(text, .parquet(textColumn: nil), .strict) })
        #expect(typed.line == 1 && typed.field == "age" && typed.message == #"expected an integer, got string "40""#, "\(typed)")

        let rules = try #require(Samples.inputError {
            var strictRows = PersonaParquet.personas(3).map(PersonaParquet.row)
            strictRows[1]["age"] = .int(7)
            try PersonaParquet.write(rows: strictRows, to: text)
            _ = try Samples.readAll(text, .parquet(textColumn: nil), .strict, rules: .card)
        })
        #expect(rules.line == 2 && rules.field == "age" && rules.message.contains("age-range"), "\(rules)")
    }

    @Test("an unsupported column or encoding names the file, row group, column and feature, in every mode",
          arguments: [("unsupported_nested.parquet", nil, "profile", "nested struct column"),
                      ("unsupported_encodings.parquet", "background", "background", "DELTA_BYTE_ARRAY")])
    func unsupported(name: String, textColumn: String?, column: String, feature: String) throws {
        let url = PersonaParquet.repositoryFixture(name)
        for mode in [ErrorMode.strict, .skip] {
            let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .parquet(textColumn: textColumn), mode) })
            #expect(error.file.hasSuffix(name) && error.line == nil, "\(error)")
            #expect(error.message.hasPrefix("row group 0: column \"\(column)\": unsupported: \(feature)"), "\(error)")
        }
    }

    @Test("a damaged file is one error naming the file, never a crash", arguments: PersonaParquet.Damage.allCases)
    func damaged(damage: PersonaParquet.Damage) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let good = dir.url.appendingPathComponent("good.parquet"), bad = dir.url.appendingPathComponent("damaged.parquet")
        try PersonaParquet.write(PersonaParquet.personas(6), to: good)
        try PersonaParquet.write(good, damaged: damage, to: bad)
        for mode in [ErrorMode.strict, .skip] {
            let error = try #require(Samples.inputError { _ = try Samples.readAll(bad, .parquet(textColumn: nil), mode) })
            #expect(error.file.hasSuffix("damaged.parquet"), "\(error)")
            switch damage {
            case .truncatedFooter: #expect(error.message.hasPrefix("not a Parquet file"), "\(error)")
            case .scrambledPage: #expect(error.message.hasPrefix("row group 0: column \"id\": malformed"), "\(error)")
            }
        }
    }
}
