import Foundation
import PersonaKit
import Testing
import TestSupport

/// `--text-template` over any fields and `--id-field`, through ``RecordTemplate`` and ``DatasetReader``,
/// on records in the shape of Nemotron-Personas (as Parquet and as JSONL).
@Suite("Record templates and ids")
struct RecordTemplateTests {
    @Test("placeholders name any field; lists are joined, numbers written as integers, nulls left empty")
    func rendering() throws {
        let template = try RecordTemplate("{professional_persona} Hobbies: {hobbies}. Age {age}, {{braces}}{note}")
        #expect(template.columns == ["professional_persona", "hobbies", "age", "note"])
        let record = JSONValue.object(["professional_persona": .string("A ferry mechanic."), "hobbies": .array([.string("chess"), .null, .string("kayaking")]),
                                       "age": .number(41), "note": .null])
        #expect(try template.render(record).get() == "A ferry mechanic. Hobbies: chess, kayaking. Age 41, {braces}")
    }

    @Test("a missing field, an object field and a blank rendering are failures naming the field")
    func failures() throws {
        let template = try RecordTemplate("{a} {b}")
        if case let .failure(problem) = template.render(.object(["a": .string("x")])) {
            #expect(problem.field == "b" && problem.message == "missing field")
        } else { Issue.record("a missing field renders") }
        if case let .failure(problem) = template.render(.object(["a": .string("x"), "b": .object([:])])) {
            #expect(problem.field == "b" && problem.message.contains("got"))
        } else { Issue.record("an object field renders") }
        if case let .failure(problem) = template.render(.object(["a": .null, "b": .array([])])) {
            #expect(problem.field == nil && problem.message.contains("empty"))
        } else { Issue.record("a blank rendering is accepted") }
    }

    @Test("templates without a placeholder or with a bad brace are refused")
    func badTemplates() {
        for source in ["no placeholder", "{open", "close}", "{}"] {
            #expect(throws: PersonaTextTemplate.TemplateError.self, "\(source)") { try RecordTemplate(source) }
        }
        #expect(throws: PersonaTextTemplate.TemplateError.self) { try PersonaTextTemplate("{}") }
    }

    @Test("a Nemotron-shaped Parquet file and its JSONL twin read to the same texts and ids")
    func nemotronShapedParquetAndJSONL() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let parquet = dir.url.appendingPathComponent("nemo.parquet")
        try NemotronShapedParquet.write(count: 40, to: parquet, rowGroupRows: 16)
        let jsonl = try dir.file("nemo.jsonl", NemotronShapedParquet.jsonl(count: 40))
        let template = try RecordTemplate("{professional_persona} Hobbies: {hobbies_and_interests_list}")
        func read(_ url: URL, format: InputFormat) throws -> [DatasetRecord] {
            var reader = DatasetReader(url: url, format: format, mode: .strict)
            reader.textTemplate = template
            reader.idField = "uuid"
            var records: [DatasetRecord] = []
            _ = try reader.read { records.append($0) }
            return records
        }
        let fromParquet = try read(parquet, format: .parquet(textColumn: nil))
        let fromJSONL = try read(jsonl, format: .personaJSONL)
        #expect(fromParquet.count == 40)
        #expect(fromParquet.map(\.text) == fromJSONL.map(\.text))
        #expect(fromParquet.map(\.id) == fromJSONL.map(\.id))
        #expect(fromParquet.first?.id == "nemo-0001" && fromParquet.first?.persona == nil)
        let first = try #require(fromParquet.first?.text)
        #expect(first.hasPrefix("A ferry mechanic in") || first.contains(" Hobbies: "), "\(first)")
        #expect(first.contains(", "), "the hobbies list is joined: \(first)")
    }

    @Test("a template column or id column the file lacks is one error naming it")
    func missingColumns() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let parquet = dir.url.appendingPathComponent("nemo.parquet")
        try NemotronShapedParquet.write(count: 3, to: parquet)
        var reader = DatasetReader(url: parquet, format: .parquet(textColumn: nil), mode: .skip)
        reader.textTemplate = try RecordTemplate("{hobbies}")
        #expect { _ = try reader.read { _ in } } throws: { ($0 as? InputError)?.field == "hobbies" && ($0 as? InputError)?.message.contains("occupation") == true }
        reader.textTemplate = try RecordTemplate("{persona}")
        reader.idField = "record_id"
        #expect { _ = try reader.read { _ in } } throws: { ($0 as? InputError)?.field == "record_id" }
    }

    @Test("--id-field on JSONL: ids kept, a record without one is a bad record naming line and field")
    func idsOnJSONL() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let lines = [#"{"key": "k-1", "bio": "A tram driver who keeps bees."}"#, #"{"bio": "A luthier."}"#, #"{"key": 7, "bio": "A judge."}"#]
        let url = try dir.file("bios.jsonl", lines.joined(separator: "\n") + "\n")
        var reader = DatasetReader(url: url, format: .jsonl(textField: "bio"), mode: .skip)
        reader.idField = "key"
        var ids: [String?] = []
        let summary = try reader.read { ids.append($0.id) }
        #expect(ids == ["k-1", "7"])
        #expect(summary.skipped.map(\.line) == [2] && summary.skipped.first?.field == "key")
    }

    @Test("without --id-field a persona keeps its own id; with one, the field wins")
    func personaIDs() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var persona = PersonaParquet.personas(1)[0]
        persona.extraFields["ref"] = .string("external-9")
        let url = try dir.file("p.jsonl", persona.jsonLine() + "\n")
        var reader = DatasetReader(url: url, format: .personaJSONL, mode: .strict)
        var ids: [String?] = []
        _ = try reader.read { ids.append($0.id) }
        reader.idField = "ref"
        _ = try reader.read { ids.append($0.id) }
        #expect(ids == ["pq-001", "external-9"])
    }
}
