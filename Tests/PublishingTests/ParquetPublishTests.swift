import Analysis
import Embedding
import Foundation
import Parquet
import PersonaKit
import Publishing
import Testing
import TestSupport

/// `split` and `publish` on Parquet input, and `publish --format parquet`: the split files as Parquet
/// in the Hub's layout, typed columns, the card's configs pointing at them, every field and id read back.
@Suite("Publish and split: Parquet", .serialized)
struct ParquetPublishTests {
    /// Runs `publish` in-process with the small encoder; returns the status and stderr.
    static func publish(_ arguments: [String]) async -> (status: Int32, errors: String) {
        let errors = CardCapture()
        let status = await PublishCommandLine.run(arguments, encoders: CardFixtures.encoders, output: { _ in }, errorOutput: { errors.append($0) })
        return (status, errors.text)
    }

    /// Runs `split` in-process with the small encoder; returns the status and stderr.
    static func split(_ arguments: [String]) async -> (status: Int32, errors: String) {
        let errors = CardCapture()
        let status = await SplitCommandLine.run(arguments, models: { _ in (HashedNGramEncoder(dimension: 256), nil) }, output: { _ in },
                                                errorOutput: { errors.append($0) })
        return (status, errors.text)
    }

    /// The personas of each published Parquet split file, read with our own reader (strict, no rules).
    static func splitPersonas(_ out: URL) throws -> [String: [Persona]] {
        var result: [String: [Persona]] = [:]
        for name in PublishedFiles.splits {
            let url = out.appendingPathComponent(PublishedFiles.split(name, format: .parquet))
            var personas: [Persona] = []
            _ = try DatasetReader(url: url, format: .parquet(textColumn: nil), mode: .strict, rules: nil).read { personas.append(try #require($0.persona)) }
            result[name] = personas
        }
        return result
    }

    /// 60 card-fixture personas with an extra `score`, some with usernames, written as JSONL.
    static func personas() -> [Persona] {
        CardFixtures.personas().enumerated().map { index, persona in
            var persona = persona
            persona.username = index % 4 == 0 ? "handle_\(index)" : nil
            persona.extraFields["score"] = .number(Double(index) / 8)
            return persona
        }
    }

    @Test("publish --format parquet writes data/<split>-00000-of-00001.parquet, typed and complete, and the card points at them")
    func publishParquet() async throws {
        let parent = try CardFixtures.folder("publish-parquet")
        defer { try? FileManager.default.removeItem(at: parent) }
        let personas = Self.personas()
        let input = parent.appendingPathComponent("people.parquet")
        try PersonaParquet.write(personas, to: input, rowGroupRows: 16)
        let out = parent.appendingPathComponent("hub")
        let run = await Self.publish([input.path, "--out", out.path, "--format", "parquet", "--row-group-rows", "7", "--ratios", "0.8,0.2,0",
                                      "--threshold", "0.999"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains(PublishedFiles.split("train", format: .parquet)), "\(run.errors)")
        for name in PublishedFiles.splits { #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(PublishedFiles.split(name)).path)) }

        let card = try String(contentsOf: out.appendingPathComponent(PublishedFiles.card), encoding: .utf8)
        let report = try JSONDecoder().decode(SplitReport.self, from: Data(contentsOf: out.appendingPathComponent(PublishedFiles.splitReport)))
        #expect(report.groupAware.sizes[0] > 0 && report.groupAware.sizes[1] > 0 && report.groupAware.sizes[2] == 0, "\(report.groupAware.sizes)")
        for (name, size) in zip(PublishedFiles.splits, report.groupAware.sizes) {
            let file = PublishedFiles.split(name, format: .parquet)
            // An empty split's file is written but not named: datasets.load_dataset refuses a split with no data.
            #expect(card.contains("  - split: \(name)\n    path: \(file)\n") == (size > 0), "configs name \(file) when it has rows")
            #expect(card.contains(size > 0 ? "| \(name) | `\(file)` | \(Format.count(size)) |" : "| \(name) | — | 0 |"))
            let parquet = try ParquetFile(url: out.appendingPathComponent(file))
            #expect(parquet.rowCount == size && parquet.rowGroupCount == (size + 6) / 7, "\(name): \(parquet.rowCount) rows in \(parquet.rowGroupCount) groups")
            let types = Dictionary(uniqueKeysWithValues: parquet.columns.map { ($0.name, $0.type) })
            #expect(parquet.columns.map(\.name) == ["name", "username", "age", "traits", "background", "chatting_style", "model", "id", "score"])
            #expect(types["age"] == .int64 && types["traits"] == .stringList && types["username"] == .string && types["id"] == .string && types["score"] == .double)
            #expect(parquet.columns.allSatisfy { $0.isNullable })
        }

        let published = try Self.splitPersonas(out)
        let all = PublishedFiles.splits.flatMap { published[$0] ?? [] }
        #expect(all.count == personas.count)
        #expect(Set(all) == Set(personas), "every field and id survives")
        let order = Dictionary(uniqueKeysWithValues: personas.enumerated().map { ($1.id ?? "", $0) })
        for name in PublishedFiles.splits {
            let positions = (published[name] ?? []).map { order[$0.id ?? ""] ?? -1 }
            #expect(positions == positions.sorted(), "\(name) keeps input order")
        }

        // Publishing the same folder as JSONL replaces the Parquet files; the card names the JSONL ones.
        let again = await Self.publish([input.path, "--out", out.path])
        #expect(again.status == 0, "\(again.errors)")
        let jsonlCard = try String(contentsOf: out.appendingPathComponent(PublishedFiles.card), encoding: .utf8)
        #expect(jsonlCard.contains("    path: train.jsonl\n") && !jsonlCard.contains(".parquet"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(PublishedFiles.split("train", format: .parquet)).path))
    }

    /// Every row of the published Parquet split files as a JSON object, read with our own Parquet reader.
    static func publishedRows(_ out: URL) throws -> [String: [JSONValue]] {
        var result: [String: [JSONValue]] = [:]
        for name in PublishedFiles.splits {
            var rows = try ParquetFile(url: out.appendingPathComponent(PublishedFiles.split(name, format: .parquet))).rows()
            var objects = [JSONValue]()
            while let row = try rows.next() { objects.append(.object(row.mapValues(JSONValue.init(parquet:)))) }
            result[name] = objects
        }
        return result
    }

    @Test("a Nemotron-shaped Parquet file publishes round trip as Parquet: every column of every row, typed, ids kept; --fit-field in the card")
    func nemotronShapedRoundTrip() async throws {
        let parent = try CardFixtures.folder("publish-nemotron")
        defer { try? FileManager.default.removeItem(at: parent) }
        let input = parent.appendingPathComponent("nemo.parquet")
        try NemotronShapedParquet.write(count: 60, duplicateEvery: 6, to: input)
        let out = parent.appendingPathComponent("hub")
        let run = await Self.publish([input.path, "--out", out.path, "--format", "parquet", "--text-template", "{persona} Skills: {skills_and_expertise_list}",
                                      "--id-field", "uuid", "--fit-field", "occupation", "--fit-field", "education_level", "--threshold", "0.95"])
        #expect(run.status == 0, "\(run.errors)")
        let published = try Self.publishedRows(out)
        let all = PublishedFiles.splits.flatMap { published[$0] ?? [] }
        let originals = (1 ... 60).map { JSONValue.object(NemotronShapedParquet.row($0, duplicateEvery: 6).mapValues(JSONValue.init(parquet:))) }
        #expect(all.count == 60)
        #expect(Set(all.map(\.jsonText)) == Set(originals.map(\.jsonText)), "every column of every row survives")
        let file = try ParquetFile(url: out.appendingPathComponent(PublishedFiles.split("train", format: .parquet)))
        let types = Dictionary(uniqueKeysWithValues: file.columns.map { ($0.name, $0.type) })
        #expect(Set(file.columns.map(\.name)) == Set(NemotronShapedParquet.columns.map(\.name)))
        #expect(types["age"] == .int64 && types["hobbies_and_interests_list"] == .stringList && types["occupation"] == .string)
        // Planted copies (every sixth record repeats the one before, so ferry_mechanic never occurs: 5 occupations) stay in the split of their original.
        let split = Dictionary(uniqueKeysWithValues: PublishedFiles.splits.flatMap { name in
            (published[name] ?? []).compactMap { row -> (String, String)? in
                guard case let .string(id)? = row["uuid"] else { return nil }
                return (id, name)
            }
        })
        for number in stride(from: 6, through: 60, by: 6) {
            #expect(split[String(format: "nemo-%04d", number)] == split[String(format: "nemo-%04d", number - 1)], "pair \(number)")
        }
        let card = try String(contentsOf: out.appendingPathComponent(PublishedFiles.card), encoding: .utf8)
        #expect(card.contains("| occupation | 5 |") && card.contains("| education_level | 4 |"), "\(card.components(separatedBy: "### Fit").last ?? card)")
        let audit = try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: out.appendingPathComponent(PublishedFiles.audit).appendingPathComponent("report.json")))
        #expect(audit.fit?.fields.map(\.field) == ["occupation", "education_level"])
        #expect(audit.nearDuplicates.largestClusters.flatMap(\.members).contains("nemo-0006"), "ids name the audit's clusters")
    }

    @Test("--format and --row-group-rows are checked before anything is read or written",
          arguments: [["--format", "csv"], ["--row-group-rows", "5"], ["--format", "parquet", "--row-group-rows", "0"],
                      ["--format", "parquet", "--row-group-rows", "many"]])
    func usageErrors(extra: [String]) async throws {
        let parent = try CardFixtures.folder("publish-usage")
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("hub")
        let run = await Self.publish([parent.appendingPathComponent("missing.parquet").path, "--out", out.path] + extra)
        #expect(run.status == 64, "\(extra): \(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("split reads Parquet like its JSONL twin: the same files, every record as its JSON line")
    func splitParquetInput() async throws {
        let parent = try CardFixtures.folder("split-parquet")
        defer { try? FileManager.default.removeItem(at: parent) }
        let personas = Self.personas()
        let parquet = parent.appendingPathComponent("people.parquet"), jsonl = parent.appendingPathComponent("people.jsonl")
        try PersonaParquet.write(personas, to: parquet, jsonl: jsonl, rowGroupRows: 9)
        for (input, out) in [(parquet, "from-parquet"), (jsonl, "from-jsonl")] {
            let run = await Self.split([input.path, "--out", parent.appendingPathComponent(out).path])
            #expect(run.status == 0, "\(run.errors)")
        }
        for name in PublishedFiles.splits.map({ PublishedFiles.split($0) }) {
            let a = try String(contentsOf: parent.appendingPathComponent("from-parquet/" + name), encoding: .utf8)
            let b = try String(contentsOf: parent.appendingPathComponent("from-jsonl/" + name), encoding: .utf8)
            #expect(a == b, "\(name)")
        }
        let texts = await Self.split([parquet.path, "--column", "background", "--out", parent.appendingPathComponent("texts").path])
        #expect(texts.status == 0, "\(texts.errors)")
        let train = try String(contentsOf: parent.appendingPathComponent("texts/train.jsonl"), encoding: .utf8)
        // A Parquet row read for one column is written whole: nothing of the row is lost.
        let firstLine = try #require(train.split(separator: "\n").first.map(String.init))
        let firstRow = try JSONValue.parse(firstLine)
        #expect(firstRow["background"] != nil && firstRow["name"] != nil && firstRow["traits"] != nil, "\(firstLine)")
    }

    @Test("an unsupported or damaged Parquet input exits 65 from split and publish, naming file, row group, column and feature")
    func badInputExits65() async throws {
        let parent = try CardFixtures.folder("publish-bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        let good = parent.appendingPathComponent("good.parquet"), damaged = parent.appendingPathComponent("damaged.parquet")
        try PersonaParquet.write(Self.personas(), to: good)
        try PersonaParquet.write(good, damaged: .truncatedFooter, to: damaged)
        var rows = Self.personas().map(PersonaParquet.row)
        rows[4]["age"] = .null
        let badRow = parent.appendingPathComponent("bad-row.parquet")
        try PersonaParquet.write(rows: rows, to: badRow)
        let cases: [([String], String)] = [
            ([PersonaParquet.repositoryFixture("unsupported_nested.parquet").path],
             "unsupported_nested.parquet: row group 0: column \"profile\": unsupported: nested struct column"),
            ([damaged.path], "damaged.parquet: not a Parquet file"),
            ([badRow.path], "bad-row.parquet:5: age: expected an integer, got null"),
        ]
        for (arguments, message) in cases {
            let split = await Self.split(arguments + ["--out", parent.appendingPathComponent("split").path])
            #expect(split.status == 65 && split.errors.hasPrefix("error: ") && split.errors.contains(message), "split \(arguments): \(split.errors)")
            let publish = await Self.publish(arguments + ["--out", parent.appendingPathComponent("hub").path, "--format", "parquet"])
            #expect(publish.status == 65 && publish.errors.contains(message), "publish \(arguments): \(publish.errors)")
        }
        let skipped = await Self.publish([badRow.path, "--out", parent.appendingPathComponent("skipped").path, "--skip-invalid", "--format", "parquet"])
        #expect(skipped.status == 0, "\(skipped.errors)")
        let published = try Self.splitPersonas(parent.appendingPathComponent("skipped"))
        #expect(PublishedFiles.splits.reduce(0) { $0 + (published[$1]?.count ?? 0) } == 59)
    }
}

/// `publish --format parquet` read back by the pinned pyarrow, pandas and `datasets` (Benchmarks/python/parquet):
/// every split file, and the folder itself through the card's `configs`.
@Suite("Publish: Python readers read the Parquet splits", .enabled(if: PythonReferences.python != nil, Comment(rawValue: PythonReferences.skipMessage)))
struct ParquetPublishPythonTests {
    @Test("pyarrow, pandas, datasets (data_files and the card's configs) read every field and id")
    func pythonReadersAgree() async throws {
        let python = try #require(PythonReferences.python)
        let parent = try CardFixtures.folder("publish-python")
        defer { try? FileManager.default.removeItem(at: parent) }
        let personas = ParquetPublishTests.personas()
        let input = parent.appendingPathComponent("people.jsonl")
        try Data((personas.map { $0.jsonLine() }.joined(separator: "\n") + "\n").utf8).write(to: input)
        let out = parent.appendingPathComponent("hub")
        let run = await ParquetPublishTests.publish([input.path, "--out", out.path, "--format", "parquet", "--row-group-rows", "10",
                                                     "--threshold", "0.999"])
        #expect(run.status == 0, "\(run.errors)")
        let published = try ParquetPublishTests.splitPersonas(out)

        let json = parent.appendingPathComponent("read.json")
        let script = SharedData.repositoryRoot.appendingPathComponent("Benchmarks/python/parquet/read_published.py")
        let status = try PythonReferences.run(python, [script.path, out.path, json.path])
        #expect(status.code == 0, "read_published.py failed: \(status.stderr.suffix(2000))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: [String: [String: Any]]])
        #expect(PublishedFiles.splits.allSatisfy { !(published[$0] ?? []).isEmpty }, "every split has rows")
        for reader in ["pyarrow", "pandas", "datasets", "datasets_card"] {
            for name in PublishedFiles.splits {
                let rows = try #require(document[reader]?[name]?["rows"] as? [[String: Any]], "\(reader) read no \(name) split")
                let seen = try rows.map { row in try Persona(json: JSONValue.parse(Array(JSONSerialization.data(withJSONObject: row)))) }
                #expect(seen == published[name], "\(reader) \(name): every field and id as published")
            }
        }
        let arrow = document["pyarrow"]?["train"]?["schema"] as? [String: String] ?? [:]
        #expect(arrow["age"] == "int64" && arrow["username"] == "string" && arrow["id"] == "string" && arrow["score"] == "double", "\(arrow)")
        #expect(arrow["traits"]?.hasPrefix("list<element: string") == true, "\(arrow)")
        let features = document["datasets_card"]?["train"]?["schema"] as? [String: String] ?? [:]
        #expect(features["age"]?.contains("int64") == true && features["traits"]?.contains("string") == true, "\(features)")
    }

    @Test("a Nemotron-shaped dataset published as Parquet: pyarrow, pandas and datasets read every column of every row, by its uuid")
    func nemotronShapedPythonReaders() async throws {
        let python = try #require(PythonReferences.python)
        let parent = try CardFixtures.folder("publish-nemotron-python")
        defer { try? FileManager.default.removeItem(at: parent) }
        let input = parent.appendingPathComponent("nemo.parquet")
        try NemotronShapedParquet.write(count: 40, duplicateEvery: 5, to: input)
        let out = parent.appendingPathComponent("hub")
        let run = await ParquetPublishTests.publish([input.path, "--out", out.path, "--format", "parquet", "--text-template", "{persona}",
                                                     "--id-field", "uuid", "--threshold", "0.95"])
        #expect(run.status == 0, "\(run.errors)")
        let json = parent.appendingPathComponent("read.json")
        let script = SharedData.repositoryRoot.appendingPathComponent("Benchmarks/python/parquet/read_published.py")
        let status = try PythonReferences.run(python, [script.path, out.path, json.path])
        #expect(status.code == 0, "read_published.py failed: \(status.stderr.suffix(2000))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: [String: [String: Any]]])
        let originals = Dictionary(uniqueKeysWithValues: try (1 ... 40).map { number in
            let text = JSONValue.object(NemotronShapedParquet.row(number, duplicateEvery: 5).mapValues(JSONValue.init(parquet:))).jsonText
            return (String(format: "nemo-%04d", number), try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary))
        })
        for reader in ["pyarrow", "pandas", "datasets", "datasets_card"] {
            var seen = 0
            for name in PublishedFiles.splits {
                for row in document[reader]?[name]?["rows"] as? [[String: Any]] ?? [] {
                    let id = row["uuid"] as? String ?? ""
                    #expect(originals[id] == (row as NSDictionary), "\(reader) \(name) \(id)")
                    seen += 1
                }
            }
            #expect(seen == 40, "\(reader) read every row")
        }
    }
}
