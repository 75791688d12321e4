import Analysis
import Embedding
import Foundation
import LinearAlgebra
import Parquet
import PersonaKit
import Sharding
import Testing
import TestSupport

/// `spb-analyze dedup --annotate`: every input record written back with `duplicate_of` and `score`, in the input's form.
@Suite("spb-analyze dedup --annotate")
struct DedupAnnotateTests {
    /// The lexical stand-in encoder, so the test needs no model.
    static func run(_ arguments: [String]) async -> (status: Int32, output: String, errors: String) {
        let output = TextSink(), errors = TextSink()
        let status = await DedupCommandLine.run(arguments, encoder: { HashedNGramEncoder(dimension: 256) },
                                                output: { output.append($0) }, errorOutput: { errors.append($0) })
        return (status, output.text, errors.text)
    }

    /// Six texts: the third repeats the first, the fifth the second (a changed last character).
    static let texts = [
        "A ferry mechanic in Bergen who sings in a choir on Thursdays.",
        "A retired judge who grows orchids on a balcony in Lisbon.",
        "A ferry mechanic in Bergen who sings in a choir on Thursdays!",
        "A teenage chess prodigy from Lagos who streams her games.",
        "A retired judge who grows orchids on a balcony in Lisbon!",
        "An astronomer in Chile who bakes sourdough bread at night.",
    ]

    /// `drops.csv` as dropped id → (kept id, score).
    static func drops(_ out: URL) throws -> [String: (kept: String, score: Double)] {
        var drops = [String: (kept: String, score: Double)]()
        for line in try lines(out.appendingPathComponent("drops.csv")).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            drops[fields[0]] = (fields[1], Double(fields[2]) ?? .nan)
        }
        return drops
    }

    /// Checks one annotated record against keep.txt and drops.csv.
    static func check(id: String, duplicateOf: String?, score: Double?, kept: Set<String>, drops: [String: (kept: String, score: Double)]) {
        if kept.contains(id) {
            #expect(duplicateOf == nil && score == nil, "\(id) is kept: \(String(describing: duplicateOf)) \(String(describing: score))")
        } else {
            let drop = drops[id]
            #expect(drop != nil && duplicateOf == drop?.kept && abs((score ?? -9) - (drop?.score ?? 9)) <= 1e-6, "\(id): \(String(describing: duplicateOf))")
        }
    }

    @Test("JSONL and a JSON array with --id-field: every record, its keys in their order, with duplicate_of and score; a record's own score makes them dedup_*")
    func jsonl() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let records = Self.texts.enumerated().map { index, text in
            "{\"uid\": \"u\(index + 1)\", \"bio\": \(JSONValue.string(text).jsonText), \"tags\": [\"a\", {\"b\": 1}], \"zeta\": \(index)}"
        }
        // A blank line between records: lines, not positions, find the records again.
        try (records.prefix(3).joined(separator: "\n") + "\n\n" + records.dropFirst(3).joined(separator: "\n") + "\n")
            .write(to: folder.file("people.jsonl"), atomically: true, encoding: .utf8)
        let out = folder.file("out")
        let result = await Self.run([folder.file("people.jsonl").path, "--text-field", "bio", "--id-field", "uid", "--threshold", "0.9",
                                     "--annotate", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let kept = Set(try lines(out.appendingPathComponent("keep.txt")))
        #expect(kept == ["u1", "u2", "u4", "u6"])
        let drops = try Self.drops(out)
        #expect(drops["u3"]?.kept == "u1" && drops["u5"]?.kept == "u2")
        let annotated = try lines(out.appendingPathComponent("annotated.jsonl"))
        #expect(annotated.count == 6)
        for (line, original) in zip(annotated, records) {
            #expect(line.hasPrefix(String(original.dropLast()) + ",\"duplicate_of\":"), "the record as written, then the keys: \(line)")
            let object = try JSONValue.parse(line)
            guard case let .string(id)? = object["uid"] else { Issue.record("no uid in \(line)"); continue }
            let duplicateOf: String? = if case let .string(kept)? = object["duplicate_of"] { kept } else { nil }
            let score: Double? = if case let .number(value)? = object["score"] { value } else { nil }
            #expect(object["duplicate_of"] != nil && object["score"] != nil && object["reason"] == nil)
            Self.check(id: id, duplicateOf: duplicateOf, score: score, kept: kept, drops: drops)
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("dedup-report.json"))) as? [String: Any]
        let section = report?["annotated"] as? [String: Any]
        #expect(section?["file"] as? String == "annotated.jsonl" && section?["records"] as? Int == 6)
        #expect(result.output.contains("annotated 6 records with duplicate_of, score → annotated.jsonl"), "\(result.output)")

        // The same records as a JSON array, one key per line: annotated.jsonl holds each element on one line, its keys as written.
        let pretty = records.map { $0.replacingOccurrences(of: ", \"", with: ",\n    \"") }
        try ("[\n  " + pretty.joined(separator: ",\n  ") + "\n]\n").write(to: folder.file("people.json"), atomically: true, encoding: .utf8)
        let array = await Self.run([folder.file("people.json").path, "--text-template", "{bio}", "--id-field", "uid", "--threshold", "0.9",
                                    "--annotate", "--out", folder.file("array").path])
        #expect(array.status == 0, "\(array.errors)")
        let elements = try lines(folder.file("array/annotated.jsonl"))
        #expect(elements.count == 6 && zip(elements, annotated).allSatisfy { (try? JSONValue.parse($0)) == (try? JSONValue.parse($1)) })
        #expect(elements.first?.hasPrefix("{\"uid\": \"u1\",     \"bio\"") == true, "\(elements.first ?? "")")

        // A record with its own `score`: the added keys become dedup_duplicate_of and dedup_score, the record's score stays.
        try (records.map { $0.replacingOccurrences(of: "\"zeta\"", with: "\"score\"") }.joined(separator: "\n") + "\n")
            .write(to: folder.file("scored.jsonl"), atomically: true, encoding: .utf8)
        let scored = await Self.run([folder.file("scored.jsonl").path, "--text-field", "bio", "--id-field", "uid", "--threshold", "0.9",
                                     "--annotate", "--out", folder.file("scored").path])
        #expect(scored.status == 0, "\(scored.errors)")
        let renamed = try lines(folder.file("scored/annotated.jsonl")).map { try JSONValue.parse($0) }
        #expect(renamed.count == 6 && renamed.allSatisfy { $0["dedup_duplicate_of"] != nil && $0["dedup_score"] != nil && $0["duplicate_of"] == nil })
        #expect(renamed[2]["dedup_duplicate_of"] == .string("u1") && renamed[2]["score"] == .number(2))
        #expect(scored.output.contains("dedup_score"), "\(scored.output)")
    }

    @Test("CSV: the header and every row as written, a quoted cell with a comma and a line break included, with the columns appended")
    func csv() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let rows = [
            "uid,bio,note",
            "u1,\(Self.texts[0]),first",
            "u2,\"\(Self.texts[1]) Also, on a second line:\nhe reads.\",\"quoted, note\"",
            "u3,\(Self.texts[2]),",
            "u4,\(Self.texts[3]),last",
        ]
        try (rows.joined(separator: "\r\n") + "\r\n").write(to: folder.file("people.csv"), atomically: true, encoding: .utf8)
        let out = folder.file("out")
        let result = await Self.run([folder.file("people.csv").path, "--column", "bio", "--threshold", "0.9", "--annotate", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        // CSV records are named by the line they start on.
        #expect(try lines(out.appendingPathComponent("keep.txt")) == ["2", "3", "6"])
        let text = try String(contentsOf: out.appendingPathComponent("annotated.csv"), encoding: .utf8)
        let drop = try #require(try Self.drops(out)["5"])
        #expect(drop.kept == "2")
        let expected = [
            "uid,bio,note,duplicate_of,score",
            rows[1] + ",,",
            rows[2] + ",,",
            rows[3] + ",2," + String(format: "%.6f", drop.score),
            rows[4] + ",,",
        ]
        #expect(text == expected.joined(separator: "\n") + "\n", "\(text)")
    }

    @Test("a .npy matrix: annotated.csv of id, duplicate_of and score")
    func npy() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let angles: [Double] = [0, 25, 50, 1]
        let chain = Matrix(columns: 2, rowVectors: angles.map { [Float(cos($0 * .pi / 180)), Float(sin($0 * .pi / 180))] })
        try NotebookFiles.writeNPY(chain, to: folder.file("chain.npy"))
        try Data("alpha\nbeta\ngamma\ndelta\n".utf8).write(to: folder.file("chain.ids.txt"))
        let result = await Self.run([folder.file("chain.npy").path, "--threshold", "0.85", "--annotate", "--out", folder.file("out").path])
        #expect(result.status == 0, "\(result.errors)")
        let annotated = try lines(folder.file("out/annotated.csv"))
        #expect(annotated.count == 5 && annotated[0] == "id,duplicate_of,score" && annotated[1] == "alpha,," && annotated[3] == "gamma,,")
        #expect(annotated[2].hasPrefix("beta,alpha,0.906") && annotated[4].hasPrefix("delta,alpha,0.999"), "\(annotated)")
    }

    @Test("Parquet: annotated.parquet with every column and row of the input and the two columns (dedup_* beside its own score); an unwritable column gives JSONL and a note")
    func parquet() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        var personas = PersonaParquet.personas(12)
        personas[9].background = personas[2].background
        personas[9].chattingStyle = personas[2].chattingStyle
        personas[9].traits = personas[2].traits
        let input = folder.file("people.parquet")
        try PersonaParquet.write(personas, to: input, rowGroupRows: 5)
        let out = folder.file("out")
        let result = await Self.run([input.path, "--threshold", "0.999", "--annotate", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let original = try ParquetFile(url: input), annotated = try ParquetFile(url: out.appendingPathComponent("annotated.parquet"))
        #expect(original.columns.contains { $0.name == "score" }, "the personas' Parquet has a score column of its own")
        #expect(annotated.columns.map(\.name) == original.columns.map(\.name) + ["dedup_duplicate_of", "dedup_score"])
        #expect(annotated.rowCount == 12)
        var rows = annotated.rows(), originals = original.rows()
        var index = 0
        while let row = try rows.next(), let source = try originals.next() {
            index += 1
            for column in original.columns { #expect(row[column.name] == source[column.name], "row \(index) column \(column.name)") }
            if row["id"] == .string("pq-010") {
                #expect(row["dedup_duplicate_of"] == .string("pq-003") && (row["dedup_score"]?.doubleValue ?? 0) > 0.999)
            } else {
                #expect(row["dedup_duplicate_of"] == .null && row["dedup_score"] == .null, "row \(index)")
            }
        }
        #expect(index == 12)

        // A struct column the writer cannot write back: annotated.jsonl of the other columns, with a note.
        let nested = PersonaParquet.repositoryFixture("unsupported_nested.parquet")
        let fallback = await Self.run([nested.path, "--text-template", "{name}", "--id-field", "id", "--skip-invalid", "--threshold", "0.999", "--annotate",
                                       "--out", folder.file("nested").path])
        #expect(fallback.status == 0, "\(fallback.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("nested/annotated.parquet").path))
        let objects = try lines(folder.file("nested/annotated.jsonl")).map { try JSONValue.parse($0) }
        let n = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.file("nested/dedup-report.json"))) as? [String: Any]
        #expect(objects.count == n?["n"] as? Int && objects.allSatisfy { $0["name"] != nil && $0["duplicate_of"] != nil && $0["profile"] == nil })
        #expect(fallback.output.contains("profile") && fallback.output.contains("left out"), "\(fallback.output)")
        #expect(fallback.output.contains("1 record the read skipped (--skip-invalid) is left out"), "\(fallback.output)")
    }
}
